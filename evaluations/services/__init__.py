# State changes, one module per concern.
