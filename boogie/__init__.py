"""Our framework layer: router, class-based settings, dataframe querysets and rules helpers.

It imports nothing from ``ej``; the apps use it as a library.
"""
