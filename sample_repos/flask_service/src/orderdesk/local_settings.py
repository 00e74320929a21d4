# Developer overrides - never commit this file.
DATABASE_URL = "postgresql://dev:dev@localhost/orderdesk_dev"
ORDERS_BUCKET = "orderdesk-archive-jsmith"
DEBUG = True
