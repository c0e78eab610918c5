import { Accordion, Code, List, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ConnectionKind } from './types';

interface Hint {
  provider: string;
  steps: ReactNode;
}

const CALDAV_HINTS: Hint[] = [
  {
    provider: 'Nextcloud',
    steps: (
      <>
        Server URL: your Nextcloud address, e.g. <Code>https://cloud.example.com/remote.php/dav</Code>. Create an app password under Personal settings →
        Security → Devices & sessions.
      </>
    ),
  },
  {
    provider: 'Fastmail',
    steps: (
      <>
        Server URL: <Code>https://caldav.fastmail.com/</Code>, user name: your Fastmail address. Create an app password under Settings → Privacy & Security →
        Manage app passwords, with access to CalDAV.
      </>
    ),
  },
  {
    provider: 'iCloud',
    steps: (
      <>
        Server URL: <Code>https://caldav.icloud.com/</Code>, user name: your Apple ID. Create an app-specific password at account.apple.com → Sign-In and
        Security.
      </>
    ),
  },
];

const ICS_HINTS: Hint[] = [
  {
    provider: 'Google Calendar',
    steps: (
      <>
        Settings → your calendar → Integrate calendar → copy the <b>Secret address in iCal format</b>. Keep it private: anyone with it can read the calendar.
      </>
    ),
  },
  {
    provider: 'Outlook / Microsoft 365',
    steps: <>Settings → Calendar → Shared calendars → Publish a calendar → choose the calendar and “Can view all details” → copy the ICS link.</>,
  },
  {
    provider: 'Apple, Nextcloud, Fastmail, others',
    steps: (
      <>
        Any public or secret calendar address works, <Code>https://</Code> or <Code>webcal://</Code>. For read and write access connect a CalDAV account
        instead.
      </>
    ),
  },
];

/** Where to find the server URL, app password or subscription link at the common providers. */
export function ProviderHints({ kind }: { kind: ConnectionKind }) {
  const hints = kind === 'caldav' ? CALDAV_HINTS : ICS_HINTS;
  return (
    <Accordion variant="contained" radius="md" chevronPosition="left">
      {hints.map((hint) => (
        <Accordion.Item key={hint.provider} value={hint.provider}>
          <Accordion.Control>
            <Text fz="sm">{hint.provider}</Text>
          </Accordion.Control>
          <Accordion.Panel>
            <Text fz="sm">{hint.steps}</Text>
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}

/** The short list for the page itself. */
export function ProviderList() {
  return (
    <List size="sm" spacing={4}>
      <List.Item>CalDAV accounts: Nextcloud, Fastmail, iCloud, Radicale and other CalDAV servers (busy time, and bookings written back).</List.Item>
      <List.Item>Subscriptions: Google’s secret iCal address, Outlook’s published ICS link, any https or webcal feed (busy time, read only).</List.Item>
    </List>
  );
}
