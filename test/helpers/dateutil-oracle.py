# The real dateutil (Debian python3-dateutil, as patronictl 3.0.2 uses it) as a test oracle: reads a JSON list of
# texts on stdin, prints for each what patronictl's parse_scheduled makes of it (ISO 8601, or null when it refuses).
import datetime
import json
import sys
import warnings

import dateutil.parser
import dateutil.tz

warnings.simplefilter('ignore')
today = datetime.datetime.strptime(sys.argv[1], '%Y-%m-%d')
out = []
for text in json.load(sys.stdin):
    try:
        value = dateutil.parser.parse(text, default=today)
        if value.tzinfo is None:
            value = value.replace(tzinfo=dateutil.tz.tzlocal())
        out.append(value.isoformat())
    except (ValueError, TypeError, OverflowError):
        out.append(None)
json.dump(out, sys.stdout)
