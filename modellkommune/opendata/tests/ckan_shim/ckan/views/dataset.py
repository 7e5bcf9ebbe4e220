def read(package_type, id):
    raise RuntimeError("not available in the ckan test shim")
