# Monthly revenue report, originally run from cron on the old box.
# Still Python 2; nobody has ported it yet.
import csv
import sys

from orderdesk.db import engine


def monthly_revenue(year, month):
    rows = engine.execute(
        "SELECT date_trunc('day', created_at), sum(total) FROM orders "
        "WHERE extract(year from created_at) = %s AND extract(month from created_at) = %s "
        "GROUP BY 1 ORDER BY 1", (year, month))
    return list(rows)


def main(argv):
    try:
        year, month = int(argv[1]), int(argv[2])
    except Exception, e:
        print >>sys.stderr, "usage: py2_report.py YEAR MONTH (%s)" % e
        sys.exit(2)
    writer = csv.writer(sys.stdout)
    for day, total in monthly_revenue(year, month):
        writer.writerow([day.strftime('%Y-%m-%d'), total])
    print "done"


if __name__ == '__main__':
    main(sys.argv)
