"""The foundation every layer stands on: the settings and the error tree. Imports nothing of the project."""
