# Vendored third-party code. Do not edit; update from upstream instead.
