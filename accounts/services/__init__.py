# State changes for client accounts, one module per concern.
