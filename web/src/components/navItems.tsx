import { IconAddressBook, IconBolt, IconCalendar, IconCalendarTime, IconChecklist, IconFolder, IconHome, IconSettings, type Icon } from '@tabler/icons-react';

export interface NavItem {
  label: string;
  to: string;
  icon: Icon;
  /** Only highlight on an exact match (the home link). */
  end?: boolean;
}

export const mainNav: NavItem[] = [
  { label: 'Home', to: '/app', icon: IconHome, end: true },
  { label: 'CRM', to: '/app/crm', icon: IconAddressBook },
  { label: 'Tasks', to: '/app/tasks', icon: IconChecklist },
  { label: 'Calendar', to: '/app/calendar', icon: IconCalendar },
  { label: 'Scheduling', to: '/app/scheduling', icon: IconCalendarTime },
  { label: 'Drive', to: '/app/drive', icon: IconFolder },
  { label: 'Automations', to: '/app/automations', icon: IconBolt },
];

export const settingsNav: NavItem = { label: 'Settings', to: '/app/settings', icon: IconSettings };

export function isActivePath(pathname: string, item: Pick<NavItem, 'to' | 'end'>): boolean {
  if (item.end) return pathname === item.to || pathname === `${item.to}/`;
  return pathname === item.to || pathname.startsWith(`${item.to}/`);
}
