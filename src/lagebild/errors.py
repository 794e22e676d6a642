"""Domain exceptions; the CLI and API translate them into one clear line or a 4xx answer."""


class LagebildError(Exception):
    """Base of every error lagebild raises on purpose."""


class InputError(LagebildError):
    """An input file or record cannot be used; the message says which and why."""


class StoreError(LagebildError):
    """The store cannot be opened or written; the message says how to fix it."""


class PipelineError(LagebildError):
    """Stages were put together in an order where one lacks what it requires."""
