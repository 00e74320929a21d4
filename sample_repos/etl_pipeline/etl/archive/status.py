"""A small status page for the archive jobs (tornado, started by ``etlctl status``)."""
import tornado.web


class JobsHandler(tornado.web.RequestHandler):
    def get(self):
        self.write({"jobs": []})


class RetryHandler(tornado.web.RequestHandler):
    def post(self, job_id):
        self.write({"retried": job_id})


def make_app(debug=False):
    handlers = [
        (r"/jobs", JobsHandler),
        (r"/jobs/(\d+)/retry", RetryHandler),
    ]
    return tornado.web.Application(handlers, debug=debug)
