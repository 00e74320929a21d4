"""A trimmed copy of click 6 kept for the Python 2 hosts (the parts the admin tool uses)."""


class Group(object):
    def __init__(self, name=None, **attrs):
        self.name, self.commands = name, {}

    def add_command(self, cmd, name=None):
        self.commands[name or cmd.__name__] = cmd

    def command(self, *args, **kwargs):
        return lambda f: f


def command(name=None, **attrs):
    return lambda f: f


def group(name=None, **attrs):
    return lambda f: Group(name)
