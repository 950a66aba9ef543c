"""Classifiers built from the layers in deeplearning.layers."""
