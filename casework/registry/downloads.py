"""How a file is handed out: always as a download, never rendered by the
browser, whoever reads it (media are never served raw)."""

from django.http import FileResponse

from casework.registry.models import Attachment


def attachment_response(attachment: Attachment) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
