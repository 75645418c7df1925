"""API for reporting."""

from ninja import Router

router = Router()
