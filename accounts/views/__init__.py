# Views for client accounts, one module per page family.
