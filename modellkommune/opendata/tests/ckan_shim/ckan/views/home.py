def index():
    raise RuntimeError("not available in the ckan test shim")
