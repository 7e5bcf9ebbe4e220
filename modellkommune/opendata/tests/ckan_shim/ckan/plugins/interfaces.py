class Interface:
    pass
