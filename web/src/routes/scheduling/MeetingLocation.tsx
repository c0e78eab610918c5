import { Anchor, Group, Text } from '@mantine/core';
import { IconMapPin, IconPhone, IconVideo } from '@tabler/icons-react';

/** Where a booked meeting happens (a booking page's `location`; on a booking, jitsi carries the room's URL as value). */
export interface MeetingLocationValue {
  kind: 'address' | 'phone' | 'video_url' | 'jitsi';
  value?: string | null;
}

export const LOCATION_KINDS: { value: MeetingLocationValue['kind']; label: string }[] = [
  { value: 'address', label: 'In person (address)' },
  { value: 'phone', label: 'Phone call' },
  { value: 'video_url', label: 'Video call (fixed link)' },
  { value: 'jitsi', label: 'Video call (new Jitsi Meet room per booking)' },
];

const isHttpUrl = (v: string) => /^https?:\/\//i.test(v);

/** One line: icon + where. Links only for http(s) URLs and tel: numbers. */
export function MeetingLocation({ location }: { location: MeetingLocationValue | null | undefined }) {
  if (!location) return null;
  const value = location.value?.trim() ?? '';
  let icon = <IconMapPin size={16} aria-hidden />;
  let content;
  switch (location.kind) {
    case 'address':
      content = (
        <Text span style={{ whiteSpace: 'pre-line' }}>
          {value}
        </Text>
      );
      break;
    case 'phone':
      icon = <IconPhone size={16} aria-hidden />;
      content = value ? (
        <>
          Phone call: <Anchor href={`tel:${value.replace(/[^\d+]/g, '')}`}>{value}</Anchor>
        </>
      ) : (
        'Phone call'
      );
      break;
    case 'video_url':
    case 'jitsi':
      icon = <IconVideo size={16} aria-hidden />;
      content =
        value && isHttpUrl(value) ? (
          <>
            Video call:{' '}
            <Anchor href={value} target="_blank" rel="noopener noreferrer">
              {value}
            </Anchor>
          </>
        ) : location.kind === 'jitsi' ? (
          'Video call (Jitsi Meet): the link comes with your confirmation'
        ) : (
          'Video call'
        );
      break;
    default:
      return null;
  }
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" data-testid="meeting-location">
      {icon}
      <Text span fz="sm">
        {content}
      </Text>
    </Group>
  );
}
