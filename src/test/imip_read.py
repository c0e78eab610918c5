"""Reads one mail (stdin) as a calendar client would: Python's `email` for the MIME,
Debian's python3-icalendar for every text/calendar part. Prints JSON (see imip.ts)."""
import email
import json
import re
import sys
from datetime import timezone
from email import policy

import icalendar


def text(v):
    return None if v is None else str(v)


def when(v):
    return None if v is None else v.dt.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


# python3-icalendar does not know RFC 6868 (caret encoding in parameter values); a client that
# does decodes it as section 3.2 says: ^n newline, ^' double quote, ^^ caret.
CARET = re.compile(r"\^(n|'|\^)")


def rfc6868(value):
    return CARET.sub(lambda m: {'n': '\n', "'": '"', '^': '^'}[m.group(1)], value)


def party(v):
    return {'email': str(v), 'params': {k.lower(): rfc6868(str(p)) for k, p in v.params.items()}}


msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.default)
out = {'contentType': msg.get_content_type(), 'autoSubmitted': msg.get('Auto-Submitted'), 'parts': [], 'calendars': []}
for part in msg.walk():
    if part.is_multipart():
        continue
    out['parts'].append({'type': part.get_content_type(), 'method': part.get_param('method'), 'disposition': part.get_content_disposition()})
    if part.get_content_type() != 'text/calendar':
        continue
    cal = icalendar.Calendar.from_ical(part.get_content())
    events = []
    for ev in cal.walk('VEVENT'):
        attendees = ev.get('ATTENDEE', [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        events.append({
            'uid': text(ev.get('UID')),
            'sequence': int(ev.get('SEQUENCE', 0)),
            'status': text(ev.get('STATUS')),
            'summary': text(ev.get('SUMMARY')),
            'description': text(ev.get('DESCRIPTION')),
            'location': text(ev.get('LOCATION')),
            'url': text(ev.get('URL')),
            'start': when(ev.get('DTSTART')),
            'end': when(ev.get('DTEND')),
            'organizer': party(ev.get('ORGANIZER')) if ev.get('ORGANIZER') is not None else None,
            'attendees': [party(a) for a in attendees],
        })
    out['calendars'].append({'method': text(cal.get('METHOD')), 'events': events})
print(json.dumps(out))
