# Weekly summary e-mailed to the ops team. Predates the warehouse.
from __future__ import print_function

import datetime

from etl.extract.postgres import get_connection


class WeeklyReport(object):
    """Counts orders per status for the last seven days."""

    QUERY = """
        SELECT status, count(*) FROM orders
        WHERE created_at >= %(start)s AND created_at < %(end)s
        GROUP BY status ORDER BY status
    """

    def __init__(self, end=None):
        self.end = end or datetime.date.today()
        self.start = self.end - datetime.timedelta(days=7)

    def rows(self):
        conn = get_connection()
        try:
            cur = conn.cursor()
            cur.execute(self.QUERY, {"start": self.start, "end": self.end})
            return cur.fetchall()
        finally:
            conn.close()

    def render(self):
        lines = ["Orders %s .. %s" % (self.start, self.end), ""]
        for status, count in self.rows():
            lines.append("%-12s %8d" % (status, count))
        return "\n".join(lines)


class Formatter(object):

    def __init__(self, width=40):
        self.width = width

    def rule(self):
        return "-" * self.width


if __name__ == "__main__":
    print(Formatter().rule())
    print(WeeklyReport().render())
