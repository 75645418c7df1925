from django.utils.translation import override

from lantoa.accounts.demo import DEMO_PASSWORD, DEMO_PEOPLE


def print_welcome(url: str) -> None:
    with override("en"):
        _print(url)


def _print(url: str) -> None:
    lines = [
        "",
        f"  Lan Tỏa is running at {url}/  (console: {url}/console/, API: {url}/api/v1/docs)",
        f"  Demo logins (password {DEMO_PASSWORD}):",
        *[f"    {username:<12} {role.label}" for username, role, *_rest in DEMO_PEOPLE],
        "  Press Ctrl+C to stop.",
        "",
    ]
    print("\n".join(str(line) for line in lines), flush=True)
