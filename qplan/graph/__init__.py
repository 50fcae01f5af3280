"""The plans as a network of units and items: build, analyse, draw and export it.

networkx is imported inside the functions that need it, so that importing this package
costs nothing for commands that never draw a graph.
"""
