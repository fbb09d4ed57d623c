# State changes for campaigns and their documents, one module per document family.
