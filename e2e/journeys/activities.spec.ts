import { expect, type Locator, type Page, test } from '@playwright/test';
import { navLink, shot, signIn } from '../support/helpers';

/**
 * Issue 5's journey: a meeting scheduled on a deal shows on the calendar and under "Upcoming", its
 * reminder arrives in the bell (lead time set to 1 minute on the profile page, meeting ~3 minutes
 * ahead), it is completed with an outcome, a note is written, and both show on the deal's and the
 * company's timeline. Plus the bad-input check: note HTML with <script>, onerror=, javascript: and
 * inline SVG is stored without them and renders without any dialog firing.
 *
 * The browser runs in Berlin (UTC+1/+2) so a UTC/local mix-up shows as a wrong time.
 */
test.use({ timezoneId: 'Europe/Berlin', locale: 'en-GB' });

/** Local wall-clock parts of an instant, in the browser's time zone. */
interface LocalTime {
  iso: string;
  /** Local "YYYY-MM-DD". */
  date: string;
  /** "D MMMM YYYY", the aria-label of the day in Mantine's calendar. */
  dayLabel: string;
  hh: string;
  mm: string;
  /** "HH:mm" */
  hm: string;
  /**
   * The meeting's length: 30 minutes, cut short so it ends by local midnight. A meeting across
   * midnight is two segments in FullCalendar's week view, each with its own times (a CI run at
   * 23:40 Berlin time failed on that).
   */
  durationMin: number;
  /** "HH:mm" at the meeting's end. */
  endHm: string;
  /** What Intl shows in the timeline: "2 Dec 2026, 10:05" (dateStyle medium, timeStyle short). */
  when: string;
  /** "ddd D MMM", as the bell's "Due …" line shows the day. */
  bellDay: string;
  /** "Today" or "Tomorrow" (the Activities list's word for the day). */
  dayWord: string;
}

/** The first whole minute at least `aheadMs` from now, in the browser's zone. */
function meetingTime(page: Page, aheadMs: number): Promise<LocalTime> {
  return page.evaluate((ahead) => {
    const d = new Date(Date.now() + ahead);
    d.setSeconds(0, 0);
    d.setMinutes(d.getMinutes() + 1);
    const p2 = (n: number) => String(n).padStart(2, '0');
    const midnight = new Date(d);
    midnight.setHours(24, 0, 0, 0);
    const durationMin = Math.min(30, Math.round((midnight.getTime() - d.getTime()) / 60_000));
    const end = new Date(d.getTime() + durationMin * 60_000);
    const months = [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ];
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    return {
      iso: d.toISOString(),
      date: `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`,
      dayLabel: `${d.getDate()} ${months[d.getMonth()]} ${d.getFullYear()}`,
      hh: p2(d.getHours()),
      mm: p2(d.getMinutes()),
      hm: `${p2(d.getHours())}:${p2(d.getMinutes())}`,
      durationMin,
      endHm: `${p2(end.getHours())}:${p2(end.getMinutes())}`,
      when: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(d),
      bellDay: `${days[d.getDay()]} ${d.getDate()} ${months[d.getMonth()]!.slice(0, 3)}`,
      dayWord: d.toDateString() === new Date().toDateString() ? 'Today' : 'Tomorrow',
    };
  }, aheadMs);
}

/** The header bell (its name carries the unread count). */
const bell = (page: Page) => page.getByRole('button', { name: /^Notifications(, \d+ unread)?$/ });

/** The unread count the bell announces (0 when it says just "Notifications"). */
async function unreadCount(page: Page): Promise<number> {
  const name = (await bell(page).getAttribute('aria-label')) ?? '';
  const m = /(\d+) unread/.exec(name);
  return m ? Number(m[1]) : 0;
}

/** Opens a record's timeline tab and waits for its entries. */
async function openTimeline(page: Page): Promise<Locator> {
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await expect(page).toHaveURL(/[?&]tab=timeline/);
  const entries = page.getByRole('region', { name: 'Timeline entries' });
  await expect(entries).toBeVisible();
  return entries;
}

test('activities: a meeting on a deal — calendar, upcoming, reminder, completed with an outcome, a note, both timelines', async ({
  page,
}) => {
  // Five minutes for the reminder (the meeting is ~3 minutes ahead, reminded 1 minute before) and the rest.
  test.setTimeout(8 * 60_000);
  const subject = `Pricing workshop ${Date.now().toString(36)}`;
  const outcome = 'Agreed on a three-year term; legal review next week.';
  const noteText = 'Champion confirmed the budget for Q1.';
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  let dealName = '';
  let companyName = '';
  let dealUrl = '';
  let companyUrl = '';
  let due!: LocalTime;
  let unreadBefore = 0;

  await test.step('the demo owner signs in and sets the reminder lead time to 1 minute on the profile page', async () => {
    await signIn(page, 'demo@example.com', 'demo1234');
    await navLink(page, 'Profile').click();
    await expect(page).toHaveURL(/\/profile$/);
    const remind = page
      .getByRole('textbox', { name: 'Remind me' })
      .or(page.getByRole('combobox', { name: 'Remind me' }));
    // The default lead time.
    await expect(remind.first()).toHaveValue('15 minutes before');
    await remind.first().click();
    await page.getByRole('option', { name: 'Custom…' }).click();
    const minutes = page.getByRole('textbox', { name: 'Minutes before' });
    await minutes.fill('1');
    await shot(page, 'activities-profile-reminder');
    const form = page.locator('form').filter({ has: minutes });
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Reminder lead time saved')).toBeVisible();
    await page.reload();
    await expect(remind.first()).toHaveValue('Custom…');
    await expect(page.getByRole('textbox', { name: 'Minutes before' })).toHaveValue('1');
  });

  await test.step('Deals: a demo deal with a company', async () => {
    await navLink(page, 'Deals').click();
    await expect(page).toHaveTitle('Deals · Relata');
    const table = page.getByRole('table', { name: 'Deals' });
    await expect(table).toBeVisible();
    const row = table
      .locator('tbody tr')
      .filter({ has: page.locator('a[href^="/companies/"]') })
      .first();
    await expect(row).toBeVisible();
    dealName = ((await row.locator('a[href^="/deals/"]').first().textContent()) ?? '').trim();
    companyName = ((await row.locator('a[href^="/companies/"]').first().textContent()) ?? '').trim();
    expect(dealName).not.toBe('');
    expect(companyName).not.toBe('');
    await row.getByRole('link', { name: dealName, exact: true }).click();
    await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
    dealUrl = page.url();
    await expect(page.getByRole('heading', { level: 1, name: dealName })).toBeVisible();
    const companyLink = page.getByRole('link', { name: companyName, exact: true }).first();
    await expect(companyLink).toBeVisible();
    companyUrl = new URL((await companyLink.getAttribute('href'))!, dealUrl).toString();
  });

  await test.step('the deal timeline: schedule a meeting about three minutes ahead', async () => {
    const entries = await openTimeline(page);
    await shot(page, 'activities-deal-timeline-before');
    await page
      .getByRole('toolbar', { name: 'Add to the timeline' })
      .getByRole('button', { name: 'Schedule a meeting' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Schedule a meeting' });
    await dialog.getByRole('textbox', { name: 'Subject' }).fill(subject);
    // ≥ 2.5 minutes ahead, so the reminder (1 minute before) is still in the future when it is saved.
    due = await meetingTime(page, 150_000);
    await dialog.getByRole('button', { name: 'Starts' }).click();
    const picker = page
      .getByRole('dialog')
      .filter({ has: page.getByRole('spinbutton') })
      .last();
    await picker.getByRole('button', { name: due.dayLabel, exact: true }).click();
    const [hours, minutes] = [picker.getByRole('spinbutton').nth(0), picker.getByRole('spinbutton').nth(1)];
    await hours.fill(due.hh);
    await minutes.fill(due.mm);
    await expect(hours).toHaveValue(due.hh);
    await expect(minutes).toHaveValue(due.mm);
    await minutes.press('Enter');
    await expect(dialog.getByRole('button', { name: 'Starts' })).toContainText(due.hm);
    await dialog.getByRole('textbox', { name: 'Duration (minutes)' }).fill(String(due.durationMin));
    await dialog.getByRole('textbox', { name: 'Location' }).fill('Video call');
    await shot(page, 'activities-schedule-meeting');
    await dialog.getByRole('button', { name: 'Schedule meeting' }).click();
    await expect(dialog).toBeHidden();
    const meeting = entries.getByRole('article', { name: new RegExp(`^Meeting: ${subject},`) });
    await expect(meeting).toBeVisible();
    await expect(meeting).toContainText('Planned');
    await expect(meeting).toContainText(`Due ${due.when}`);
    await expect(meeting.getByRole('button', { name: `Complete ${subject}` })).toBeVisible();
    await shot(page, 'activities-deal-timeline-meeting');
  });

  await test.step('Activities: the meeting is on the calendar (month and week) and under Upcoming', async () => {
    await expect(bell(page)).toBeVisible();
    unreadBefore = await unreadCount(page);
    await navLink(page, 'Activities').click();
    await expect(page).toHaveTitle('Activities · Relata');
    await page.getByRole('radiogroup', { name: 'View' }).getByText('Calendar').click();
    const calendar = page.getByTestId('activity-calendar');
    await expect(calendar).toBeVisible();
    const event = calendar.locator('.fc-event').filter({ hasText: subject });
    // A busy day folds its events under "+N more".
    await expect(event.or(calendar.locator('.fc-daygrid-more-link')).first()).toBeVisible();
    if (!(await event.first().isVisible())) {
      await calendar.locator(`.fc-daygrid-day[data-date="${due.date}"] .fc-daygrid-more-link`).click();
    }
    await expect(event.first()).toBeVisible();
    await expect(event.first()).toContainText(due.hm);
    await shot(page, 'activities-calendar-month');
    await calendar.getByRole('button', { name: 'Week', exact: true }).click();
    await expect(calendar.locator('.fc-timegrid-body')).toBeVisible();
    // The week starts on Monday (firstDay 1): a meeting early on Monday, scheduled late on a Sunday,
    // is in the next week's view.
    if ((await calendar.locator(`.fc-timegrid-col[data-date="${due.date}"]`).count()) === 0) {
      await calendar.locator('.fc-next-button').click();
      await expect(calendar.locator(`.fc-timegrid-col[data-date="${due.date}"]`)).toBeVisible();
    }
    const weekEvent = calendar.locator('.fc-timegrid-event').filter({ hasText: subject });
    await expect(weekEvent).toBeVisible();
    await expect(weekEvent).toContainText(`${due.hm} - ${due.endHm}`);
    await weekEvent.scrollIntoViewIfNeeded();
    await shot(page, 'activities-calendar-week');
    // Back to month for the next runs (the view is remembered), then the list.
    await calendar.getByRole('button', { name: 'Month', exact: true }).click();
    await page.getByRole('radiogroup', { name: 'View' }).getByText('List').click();
    await page.getByRole('tab', { name: 'Upcoming' }).click();
    await expect(page).toHaveURL(/[?&]tab=upcoming/);
    const row = page.getByTestId('activity-row').filter({ hasText: subject });
    await expect(row).toBeVisible();
    await expect(row).toContainText(`${due.dayWord} ${due.hm}`);
    await expect(row).toContainText(`${due.durationMin} min`);
    await expect(row.getByRole('link', { name: `Deal: ${dealName}` })).toBeVisible();
    await expect(row).toContainText('Planned');
    await shot(page, 'activities-upcoming');
  });

  await test.step('the reminder arrives in the bell one minute before the meeting', async () => {
    const popover = page.getByRole('dialog').filter({ hasText: 'Mark all read' });
    const reminder = popover.getByRole('button', { name: `Unread: Reminder: ${subject}` });
    // The reminder job runs at due − 1 minute; open the bell (which fetches the newest) until it is there.
    await expect(async () => {
      if (!(await popover.isVisible())) await bell(page).click();
      try {
        await expect(reminder).toBeVisible({ timeout: 3_000 });
      } catch (err) {
        await page.keyboard.press('Escape');
        throw err;
      }
    }).toPass({ timeout: 270_000, intervals: [10_000] });
    const arrived = Date.now();
    const remindAt = Date.parse(due.iso) - 60_000;
    // Not before its time, and within the bell's reach soon after.
    expect(arrived).toBeGreaterThanOrEqual(remindAt);
    expect(arrived - remindAt).toBeLessThan(60_000);
    test.info().annotations.push({
      type: 'reminder',
      description: `due ${due.iso}, shown in the bell ${((arrived - remindAt) / 1000).toFixed(1)} s after its time`,
    });
    await expect(reminder).toContainText(`Due ${due.bellDay} ${due.hm}`);
    // The badge counts it too (it polls every 30 s).
    await expect.poll(() => unreadCount(page), { timeout: 45_000 }).toBeGreaterThan(unreadBefore);
    await shot(page, 'activities-bell-reminder');
    const count = await unreadCount(page);
    await reminder.click();
    await expect(page).toHaveURL(/\/activities\?activity=[0-9a-f-]{36}/);
    const opened = page.getByRole('dialog', { name: 'Edit activity' });
    await expect(opened).toBeVisible();
    await expect(opened.getByRole('textbox', { name: 'Subject' })).toHaveValue(subject);
    await shot(page, 'activities-reminder-opened');
    await opened.getByRole('button', { name: 'Cancel' }).click();
    await expect(opened).toBeHidden();
    await expect.poll(() => unreadCount(page)).toBe(count - 1);
  });

  await test.step('the meeting is completed with an outcome from the deal timeline', async () => {
    await page.goto(`${dealUrl}?tab=timeline`);
    const entries = page.getByRole('region', { name: 'Timeline entries' });
    const meeting = entries.getByRole('article', { name: new RegExp(`^Meeting: ${subject},`) });
    await meeting.getByRole('button', { name: `Complete ${subject}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Complete activity' });
    await dialog.getByRole('textbox', { name: /^Outcome/ }).fill(outcome);
    await shot(page, 'activities-complete-dialog');
    await dialog.getByRole('button', { name: 'Complete', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(meeting).toContainText('Completed');
    await expect(meeting).toContainText(`Outcome: ${outcome}`);
    await expect(meeting.getByRole('button', { name: `Reopen ${subject}` })).toBeVisible();
  });

  await test.step('a note is written on the deal', async () => {
    await page
      .getByRole('toolbar', { name: 'Add to the timeline' })
      .getByRole('button', { name: 'Write a note' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Write a note' });
    const editor = dialog.getByRole('textbox', { name: 'Note' });
    await editor.click();
    await page.keyboard.type('Champion confirmed the ');
    await page.keyboard.press('ControlOrMeta+b');
    await page.keyboard.type('budget');
    await page.keyboard.press('ControlOrMeta+b');
    await page.keyboard.type(' for Q1.');
    await shot(page, 'activities-note-editor');
    await dialog.getByRole('button', { name: 'Save note' }).click();
    await expect(dialog).toBeHidden();
    const note = page
      .getByRole('region', { name: 'Timeline entries' })
      .getByRole('article', { name: /^Note,/ })
      .filter({ hasText: noteText });
    await expect(note).toBeVisible();
    await expect(note.getByTestId('note-body').locator('strong')).toHaveText('budget');
  });

  await test.step("both are on the deal's timeline after a reload", async () => {
    await page.reload();
    const entries = page.getByRole('region', { name: 'Timeline entries' });
    const meeting = entries.getByRole('article', { name: new RegExp(`^Meeting: ${subject},`) });
    await expect(meeting).toContainText('Completed');
    await expect(meeting).toContainText(`Outcome: ${outcome}`);
    await expect(entries.getByRole('article', { name: /^Note,/ }).filter({ hasText: noteText })).toBeVisible();
    await shot(page, 'activities-deal-timeline');
  });

  await test.step("and on the company's timeline, as events of the deal", async () => {
    await page.getByRole('link', { name: companyName, exact: true }).first().click();
    await expect(page).toHaveURL(companyUrl);
    await expect(page.getByRole('heading', { level: 1, name: companyName })).toBeVisible();
    const entries = await openTimeline(page);
    const meeting = entries.getByRole('article', { name: new RegExp(`^Meeting: ${subject},`) });
    await expect(meeting).toContainText('Completed');
    await expect(meeting).toContainText(`Outcome: ${outcome}`);
    await expect(meeting.getByRole('link', { name: dealName })).toBeVisible();
    const note = entries.getByRole('article', { name: /^Note,/ }).filter({ hasText: noteText });
    await expect(note).toBeVisible();
    await expect(note.getByRole('link', { name: dealName })).toBeVisible();
    await shot(page, 'activities-company-timeline');
  });

  await test.step('Activities → Done lists the completed meeting with its outcome', async () => {
    await navLink(page, 'Activities').click();
    await page.getByRole('tab', { name: 'Done' }).click();
    const row = page.getByTestId('activity-row').filter({ hasText: subject });
    await expect(row).toBeVisible();
    await expect(row).toContainText('Completed');
    await expect(row).toContainText(`Outcome: ${outcome}`);
    await shot(page, 'activities-done');
    // Gone from Upcoming.
    await page.getByRole('tab', { name: 'Upcoming' }).click();
    const panel = page.getByRole('tabpanel');
    await expect(panel.getByText('Nothing coming up').or(panel.getByTestId('activity-row').first())).toBeVisible();
    await expect(panel).not.toContainText(subject);
  });

  expect(dialogs).toEqual([]);
});

test('activities (bad input): note HTML with script, onerror, javascript: and inline SVG is stored without them and renders harmlessly', async ({
  page,
}) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  const marker = `Hostile note ${Date.now().toString(36)}`;
  const hostile = [
    `<p>${marker}: <b>bold stays</b> <a href="https://example.com/ok">a safe link</a></p>`,
    `<script>alert('script')</script>`,
    `<img src="x" onerror="alert('onerror')">`,
    `<p onclick="alert('onclick')" onmouseover="alert('hover')">hover me</p>`,
    `<a href="javascript:alert('js-url')">js link</a>`,
    `<a href="JaVaScRiPt:alert('js-url-case')">mixed case</a>`,
    `<a href="&#106;avascript:alert('js-url-entity')">entity link</a>`,
    `<svg onload="alert('svg')"><script>alert('svg-script')</script><circle r="5"/></svg>`,
    `<svg><a xlink:href="javascript:alert('svg-link')"><text y="20">svg link</text></a></svg>`,
    `<iframe src="javascript:alert('iframe')"></iframe>`,
    `<details open ontoggle="alert('toggle')"><summary>x</summary></details>`,
  ].join('\n');
  let dealUrl = '';

  await test.step('the demo owner opens a deal', async () => {
    await signIn(page, 'demo@example.com', 'demo1234');
    await navLink(page, 'Deals').click();
    const row = page.getByRole('table', { name: 'Deals' }).locator('tbody tr').first();
    await expect(row).toBeVisible();
    await row.locator('a[href^="/deals/"]').first().click();
    await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
    dealUrl = page.url();
  });

  await test.step('the hostile HTML is posted as a note (the API, from the signed-in page) and stored clean', async () => {
    const dealId = /\/deals\/([0-9a-f-]{36})/.exec(dealUrl)![1]!;
    const res = await page.evaluate(
      async ({ body, id }) => {
        const r = await fetch('/api/v1/notes', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ body, links: [{ type: 'deal', id }] }),
        });
        const created = await r.json();
        const again = r.ok ? await (await fetch(`/api/v1/notes/${created.id}`)).json() : null;
        return { status: r.status, created, stored: again };
      },
      { body: hostile, id: dealId },
    );
    expect(res.status).toBe(201);
    for (const stored of [res.created.body as string, res.stored.body as string]) {
      expect(stored).toContain(marker);
      expect(stored).toContain('<b>bold stays</b>');
      expect(stored).toContain('href="https://example.com/ok"');
      expect(stored.toLowerCase()).not.toContain('<script');
      expect(stored.toLowerCase()).not.toContain('onerror');
      expect(stored.toLowerCase()).not.toMatch(/\son[a-z]+\s*=/);
      expect(stored.toLowerCase()).not.toContain('javascript:');
      expect(stored.toLowerCase()).not.toContain('&#106;avascript');
      expect(stored.toLowerCase()).not.toContain('<svg');
      expect(stored.toLowerCase()).not.toContain('<iframe');
      expect(stored).not.toContain('alert(');
    }
  });

  await test.step('the note renders on the deal timeline and nothing fires', async () => {
    await page.goto(`${dealUrl}?tab=timeline`);
    const note = page
      .getByRole('region', { name: 'Timeline entries' })
      .getByRole('article', { name: /^Note,/ })
      .filter({ hasText: marker });
    await expect(note).toBeVisible();
    const body = note.getByTestId('note-body');
    await expect(body.locator('b')).toHaveText('bold stays');
    await expect(body.getByRole('link', { name: 'a safe link' })).toHaveAttribute('href', 'https://example.com/ok');
    await expect(
      body.locator('script, svg, iframe, img[onerror], [onclick], [onmouseover], [onload], [ontoggle]'),
    ).toHaveCount(0);
    await expect(body.locator('a[href^="javascript" i], a[href*="script:" i]')).toHaveCount(0);
    // Move over and click what is left of the hostile parts (nothing may run).
    for (const text of ['hover me', 'js link', 'mixed case', 'entity link']) {
      const part = body.getByText(text);
      if ((await part.count()) > 0) {
        await part.first().hover();
        await part.first().click();
      }
    }
    await page.waitForTimeout(1_000);
    await expect(page).toHaveURL(/\/deals\//);
    await shot(page, 'activities-hostile-note');
    expect(dialogs).toEqual([]);
  });
});
