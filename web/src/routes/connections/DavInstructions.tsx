import { Accordion, Code, List, Text } from '@mantine/core';

/** How to add SchedulingKit to the common CalDAV clients (the same steps as docs/caldav.md). */
export function DavInstructions({ url, email }: { url: string; email: string }) {
  return (
    <Accordion variant="contained" radius="md" chevronPosition="left">
      <Accordion.Item value="thunderbird">
        <Accordion.Control>
          <Text fz="sm">Thunderbird</Text>
        </Accordion.Control>
        <Accordion.Panel>
          <List type="ordered" size="sm" spacing={4}>
            <List.Item>Calendar → New Calendar… → On the Network.</List.Item>
            <List.Item>
              User name <Code>{email}</Code>, location <Code>{url}</Code>, then Find Calendars.
            </List.Item>
            <List.Item>Enter an app password when asked, and tick the calendars to subscribe to.</List.Item>
          </List>
        </Accordion.Panel>
      </Accordion.Item>
      <Accordion.Item value="davx5">
        <Accordion.Control>
          <Text fz="sm">DAVx⁵ (Android)</Text>
        </Accordion.Control>
        <Accordion.Panel>
          <List type="ordered" size="sm" spacing={4}>
            <List.Item>Add account → Login with URL and user name.</List.Item>
            <List.Item>
              Base URL <Code>{url}</Code>, user name <Code>{email}</Code>, password: an app password.
            </List.Item>
            <List.Item>Create the account, then switch on the calendars to sync.</List.Item>
          </List>
        </Accordion.Panel>
      </Accordion.Item>
      <Accordion.Item value="apple">
        <Accordion.Control>
          <Text fz="sm">Apple Calendar (macOS, iPhone, iPad)</Text>
        </Accordion.Control>
        <Accordion.Panel>
          <List type="ordered" size="sm" spacing={4}>
            <List.Item>
              macOS: Calendar → Settings → Accounts → + → Other CalDAV Account, account type Manual. iOS: Settings → Calendar → Accounts → Add Account → Other →
              Add CalDAV Account.
            </List.Item>
            <List.Item>
              User name <Code>{email}</Code>, password: an app password, server address <Code>{url}</Code>.
            </List.Item>
          </List>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
