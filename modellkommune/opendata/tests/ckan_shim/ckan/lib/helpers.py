def resource_formats() -> dict:
    return {}
