"""The service layer between the endpoints and storage."""
