"""The write path of public access: requests (``requests``) and what the
authority chooses to show (``disclosure``)."""
