"""Log-in protection: failed log-ins lock an account or an address for a growing
time; administrators see the locks and lift them."""
