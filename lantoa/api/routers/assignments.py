"""API for assignments."""

from ninja import Router

router = Router()
