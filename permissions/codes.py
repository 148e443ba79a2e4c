"""Permission strings, in one place. Nothing else spells them."""

VIEW_CONFIDENTIAL_DOCUMENT = "registry.view_confidential_document"
