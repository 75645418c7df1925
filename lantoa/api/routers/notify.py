"""API for notify."""

from ninja import Router

router = Router()
