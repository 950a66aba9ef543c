"""CIFAR-10 lives here once fetched: run get_datasets.py from the assignment folder."""
