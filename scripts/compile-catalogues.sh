#!/usr/bin/env bash
# Compile every catalogue Lan Tỏa ships into the .mo files Django loads (needs gettext's msgcat/msgfmt).
#  - locale/<lang>/LC_MESSAGES/django.po, djangojs.po: Lan Tỏa's own strings (make messages refreshes them);
#  - locale/upstream/parts/*.po: Vietnamese that completes Wagtail, django-allauth and Django,
#    merged into locale/upstream/vi/LC_MESSAGES/{django,djangojs}.mo (LOCALE_PATHS puts them after ours).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v msgfmt >/dev/null || { echo "msgfmt is missing: make system-packages (gettext)"; exit 1; }
for po in locale/*/LC_MESSAGES/*.po; do
  msgfmt --check -o "${po%.po}.mo" "$po"
done
out=locale/upstream/vi/LC_MESSAGES
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
msgcat --use-first -o "$tmp/django.po" $(ls locale/upstream/parts/*.po | grep -v '/djangojs-')
msgcat --use-first -o "$tmp/djangojs.po" locale/upstream/parts/djangojs-*.po
msgfmt --check -o "$out/django.mo" "$tmp/django.po"
msgfmt --check -o "$out/djangojs.mo" "$tmp/djangojs.po"
for po in locale/*/LC_MESSAGES/*.po locale/upstream/parts/*.po; do
  printf '%-50s %s\n' "$po" "$(msgfmt --statistics -o /dev/null "$po" 2>&1)"
done
