import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { codeLabel } from '@mayak/domain';
import { signedIn, type TestClient } from '../support/client';
import { seriousAccessibilityFindings } from '../support/axe';
import { launchWithProfile } from '../support/browser';
import {
  atPath,
  chooseByKeyboard,
  consoleSuite,
  demoUser,
  eventually,
  focused,
  hidden,
  label,
  signInToShell,
  tableRow,
  tabTo,
  textOf,
  tRu,
  visible,
  type ConsoleLocale,
} from '../support/console';
import { dayIn, OFFICE_TIME_ZONE } from '../support/calendar';

/**
 * Contact intake, people and cases in the console: an operator logging a live call (with
 * the keyboard alone), the local draft surviving a closed page, a case worker working the
 * case, a repeat caller recognised by number, a high-risk call reaching a supervisor, and
 * the screen in all three languages. What the user sees is checked, then the database.
 */
describe('Console intake, contacts and cases (browser)', () => {
  const suite = consoleSuite();
  const open = suite.open;

  const REFERENCE = /11616-\d{4}-\d{6}/;
  const CASE_WORKER = 'Сауле Кейс-менеджер';
  /** "Сохранено в 14:05": the autosave confirmed by the server. */
  const SAVED = new RegExp(`${label('ru', 'intake.autosave.saved', { time: '' }).trim()}\\s*\\d{1,2}:\\d{2}`);

  /** The intake screen's fields, found by their labels (as a screen reader user finds them). */
  function intake(page: Page, locale: ConsoleLocale = 'ru') {
    const form = page.getByTestId('intake-form');
    return {
      form,
      phone: form.getByRole('textbox', { name: label(locale, 'intake.phone'), exact: true }),
      callerType: form.getByRole('combobox', { name: label(locale, 'intake.callerType'), exact: true }),
      category: form.getByRole('combobox', { name: label(locale, 'intake.category'), exact: true }),
      risk: form.getByRole('combobox', { name: label(locale, 'intake.riskLevel'), exact: true }),
      notes: form.getByRole('textbox', { name: label(locale, 'intake.notes'), exact: true }),
      status: page.getByTestId('autosave-status'),
      panel: page.getByTestId('caller-panel'),
    };
  }

  async function openIntake(email: string): Promise<Page> {
    const page = await open();
    await signInToShell(page, email);
    await page.goto('/intake');
    await focused(intake(page).phone);
    return page;
  }

  /** The data of an API call that must succeed. */
  async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
    const { data, error, response } = await call;
    if (data === undefined) throw new Error(`HTTP ${response.status}: ${JSON.stringify(error)}`);
    return data;
  }

  async function userId(email: string): Promise<string> {
    const [row] = await suite.app.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]);
    return row.id;
  }

  /** An operator's earlier call, logged through the API, with a case opened from it. */
  async function earlierCall(operator: TestClient, input: { phone: string; notes: string; assignTo?: string }) {
    const contact = await ok(
      operator.api.POST('/api/v1/contacts', {
        body: { channel: 'voice', phone: input.phone, category: 'labour_exploitation', callerType: 'victim', notes: input.notes },
      }),
    );
    const opened = await ok(
      operator.api.POST('/api/v1/contacts/{id}/open-case', {
        params: { path: { id: contact.id } },
        body: { type: 'labour_exploitation', version: contact.version, ...(input.assignTo ? { assigneeId: input.assignTo } : {}) },
      }),
    );
    return { contact: opened.contact, case: opened.case };
  }

  /** Every intake draft in the page's localStorage, as stored. */
  function storedDrafts(page: Page): Promise<string[]> {
    return page.evaluate(() =>
      Object.keys(window.localStorage)
        .filter((k) => k.startsWith('mayak.intake.draft.'))
        .map((k) => window.localStorage.getItem(k) ?? ''),
    );
  }

  /** The status moves the workspace offers, by their button text. */
  async function offeredMoves(page: Page): Promise<string[]> {
    const group = page.getByTestId('status-control').getByRole('group', { name: tRu('cases.changeStatus') });
    return (await group.getByRole('button').allTextContents()).map((text) => text.trim());
  }

  /** The operator's calendar day `days` from today (the browser is in the office's zone, on the application's clock). */
  function dayFromNow(days: number): string {
    return dayIn(suite.app.clock.now(), OFFICE_TIME_ZONE, days);
  }

  it('an operator logs a call with the keyboard alone and opens a case for the Almaty case worker', async () => {
    const notes = 'Звонит сестра: брата увезли на стройку в Шымкент, паспорт забрали, зарплату не платят.';
    const summary = 'Нужна юридическая помощь и связь с консульством';
    const page = await open();
    await signInToShell(page, demoUser('operator'));

    // From here on only the keyboard: to the intake through the navigation.
    await tabTo(page, page.getByTestId('nav-intake'));
    await page.keyboard.press('Enter');
    await atPath(page, '/intake');
    const f = intake(page);
    // The first field has focus at once: the operator types the number as the caller says it.
    await focused(f.phone);
    await page.keyboard.type('8 701 234 56 78');
    await tabTo(page, f.callerType, 6);
    await chooseByKeyboard(f.callerType, codeLabel('callerType', 'relative', 'ru'));
    await page.keyboard.press('Tab');
    await chooseByKeyboard(f.category, codeLabel('contactCategory', 'trafficking_report', 'ru'));
    await tabTo(page, f.notes, 10);
    await page.keyboard.type(notes);
    // Autosave a moment after typing stops.
    await textOf(f.status, SAVED);
    // The number is now known, so the caller panel has looked it up (a first-time caller).
    await visible(f.panel.getByTestId('caller-first-time'));

    // Alt+O opens a case from the call; its type follows the category.
    await page.keyboard.press('Alt+KeyO');
    const dialog = page.getByRole('dialog', { name: tRu('intake.openCase.title') });
    await visible(dialog);
    const type = dialog.getByRole('combobox', { name: tRu('cases.type'), exact: true });
    await focused(type);
    expect(await type.inputValue()).toBe('trafficking');
    const assignee = dialog.getByRole('combobox', { name: tRu('cases.assignee'), exact: true });
    await tabTo(page, assignee, 4);
    await chooseByKeyboard(assignee, CASE_WORKER);
    await page.keyboard.press('Tab');
    await focused(dialog.getByRole('textbox', { name: tRu('cases.summary'), exact: true }));
    await page.keyboard.type(summary);
    await tabTo(page, dialog.getByRole('button', { name: tRu('intake.openCase.submit'), exact: true }), 4);
    await page.keyboard.press('Enter');
    await hidden(dialog);

    // The case's reference appears, and focus is on its link (the "Open a case" button is gone).
    const caseLink = page.getByTestId('intake-case-link');
    const reference = (await textOf(caseLink, REFERENCE)).trim();
    expect(reference).toMatch(/^11616-\d{4}-\d{6}$/);
    await focused(caseLink);

    // In the database: the contact has that case, assigned to the case worker ...
    const [row] = await suite.app.db.query<{
      id: string;
      case_id: string;
      assignee_id: string;
      category: string;
      caller_type: string;
      notes: string;
      summary: string;
      status: string;
      phone_encrypted: string | null;
      phone_hash: string | null;
      raw: string;
    }>(
      `SELECT k.id, k.case_id, c.assignee_id, k.category, k.caller_type, k.notes, c.summary, c.status, k.phone_encrypted, k.phone_hash, row_to_json(k)::text AS raw
         FROM contacts k JOIN cases c ON c.id = k.case_id WHERE c.reference = $1`,
      [reference],
    );
    expect(row).toMatchObject({ category: 'trafficking_report', caller_type: 'relative', notes, summary, status: 'new' });
    expect(row.assignee_id).toBe(await userId(demoUser('caseworker')));
    // ... and the number is stored encrypted with a lookup hash, in no readable form.
    expect(row.phone_encrypted).toBeTruthy();
    expect(row.phone_hash).toBeTruthy();
    for (const plain of ['7012345678', '701 234 56 78', '701-234', '+77012345678']) expect(row.raw).not.toContain(plain);
    // Someone who may see identifiers (the case worker of this case) reads it back normalised.
    const caseworker = await signedIn(suite.app.baseUrl, demoUser('caseworker'));
    const seen = await ok(caseworker.api.GET('/api/v1/contacts/{id}', { params: { path: { id: row.id } } }));
    expect(seen).toMatchObject({ phone: '+77012345678', masked: false, caseId: row.case_id, caseReference: reference, status: 'in_progress' });
  });

  it('loses nothing when the browser closes mid-call: the draft and its contact come back', async () => {
    const first = 'Женщина звонит из Турции, говорит тихо. ';
    const second = 'Работодатель не отпускает, телефон отбирают на ночь.';
    const page = await openIntake(demoUser('operator'));
    const f = intake(page);
    await page.keyboard.type('+7 705 111 22 33');
    await f.notes.fill(first);
    await textOf(f.status, SAVED);
    const [created] = await suite.app.db.query<{ id: string }>('SELECT id FROM contacts WHERE notes = $1', [first]);
    expect(created).toBeDefined();

    // More notes, and the browser goes away before the autosave runs (once the local draft,
    // sealed asynchronously, has been written).
    const sealed = await storedDrafts(page);
    await f.notes.fill(first + second);
    await eventually(async () => expect(await storedDrafts(page)).not.toEqual(sealed));
    const context = page.context();
    await page.close();

    const again = await context.newPage();
    await again.goto('/intake');
    const g = intake(again);
    await visible(again.getByTestId('draft-restored'));
    await textOf(again.getByTestId('draft-restored'), tRu('intake.restored.title'));
    expect(await g.notes.inputValue()).toBe(first + second);
    expect(await g.phone.inputValue()).toBe('+7 705 111 22 33');
    // The restored draft goes on to the same contact on the server (not a second one).
    await textOf(g.status, SAVED);
    await eventually(async () => {
      const rows = await suite.app.db.query<{ id: string; notes: string; status: string }>('SELECT id, notes, status FROM contacts WHERE notes LIKE $1', [
        `${first}%`,
      ]);
      expect(rows).toEqual([{ id: created.id, notes: first + second, status: 'in_progress' }]);
    });

    // Signing out leaves nothing of the caller in this browser.
    const draftKeys = () => again.evaluate(() => Object.keys(window.localStorage).filter((k) => k.startsWith('mayak.intake.draft.')));
    expect(await draftKeys()).toHaveLength(1);
    await again.getByTestId('sign-out').click();
    await eventually(async () => expect(await draftKeys()).toEqual([]));
  });

  it("keeps nothing the operator typed readable in the browser's storage, in memory or on disk, and still restores the draft", async () => {
    const phone = '8 705 444 55 66';
    const notes = 'Брат в подвале на окраине Караганды, хозяин забрал паспорта. Kept-only-sealed QX7';
    const more = ' Перезвонить после девяти.';
    /** The number and words of the notes, as any part of the browser might hold them. */
    const needles = ['705 444 55 66', '7054445566', '+77054445566', '444 55 66', 'Караганды', 'подвале', 'паспорта', 'Kept-only-sealed QX7', 'Перезвонить'];
    const profile = mkdtempSync(join(tmpdir(), 'mayak-profile-'));
    try {
      const context = await launchWithProfile(profile, suite.app.baseUrl);
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        page.setDefaultTimeout(10_000);
        await signInToShell(page, demoUser('operator'));
        await page.goto('/intake');
        const f = intake(page);
        await focused(f.phone);
        await page.keyboard.type(phone);
        await f.notes.fill(notes);
        await textOf(f.status, SAVED);

        // What a script (or anyone at the keyboard) finds in localStorage: only the sealed draft.
        const everything = () => page.evaluate(() => JSON.stringify([Object.entries(window.localStorage), Object.entries(window.sessionStorage)]));
        const sealed = await storedDrafts(page);
        expect(sealed).toHaveLength(1);
        expect(JSON.parse(sealed[0])).toEqual({ v: 2, iv: expect.any(String), data: expect.any(String) });
        for (const needle of needles) expect({ needle, found: (await everything()).includes(needle) }).toEqual({ needle, found: false });

        // More notes, and a reload before the autosave: the draft comes back from the local copy.
        await f.notes.fill(notes + more);
        await eventually(async () => expect(await storedDrafts(page)).not.toEqual(sealed));
        await page.reload();
        const g = intake(page);
        await visible(page.getByTestId('draft-restored'));
        expect(await g.phone.inputValue()).toBe(phone);
        expect(await g.notes.inputValue()).toBe(notes + more);
        await textOf(g.status, SAVED);
        for (const needle of needles) expect({ needle, found: (await everything()).includes(needle) }).toEqual({ needle, found: false });
        // The draft stays (sealed) until the contact is completed: on disk below it is there, unreadable.
        expect(await storedDrafts(page)).toHaveLength(1);
      } finally {
        // Closing writes localStorage out to the profile's LevelDB files.
        await context.close();
      }

      // The profile on disk, as a shared workstation would keep it: every file, in every encoding a string may be stored in.
      const files = (
        readdirSync(profile, { recursive: true, withFileTypes: true }) as { name: string; parentPath?: string; path?: string; isFile(): boolean }[]
      )
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath ?? entry.path ?? profile, entry.name));
      const localStorageFiles = files.filter((file) => file.includes(`${join('Local Storage', 'leveldb')}`));
      expect(localStorageFiles.length).toBeGreaterThan(0);
      // The sealed draft did reach the disk (so the search below is over what the browser really kept).
      expect(localStorageFiles.some((file) => readFileSync(file).includes(Buffer.from('mayak.intake.draft.')))).toBe(true);
      const found: string[] = [];
      for (const file of files) {
        const bytes = readFileSync(file);
        for (const needle of needles) {
          for (const encoding of ['utf8', 'utf16le', 'latin1'] as const) {
            if (bytes.includes(Buffer.from(needle, encoding))) found.push(`${file.slice(profile.length + 1)}: "${needle}" (${encoding})`);
          }
        }
      }
      expect(found).toEqual([]);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);

  it('the case worker finds the case under "My cases", moves it new → open → in progress, adds a task and a note', async () => {
    const contactNotes = 'Мигрант из Узбекистана: работодатель в Алматы удерживает документы и не платит третий месяц.';
    const task = 'Связаться с юристом партнёрской организации';
    const note = 'Клиент согласился на встречу с юристом в четверг.';
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    const workerId = await userId(demoUser('caseworker'));
    const { case: opened } = await earlierCall(operator, { phone: '8 702 555 44 33', notes: contactNotes, assignTo: workerId });

    const page = await open();
    await signInToShell(page, demoUser('caseworker'));
    await page.getByTestId('nav-cases').click();
    await atPath(page, '/cases');
    const mine = page.getByRole('tab', { name: tRu('cases.tabMine') });
    await visible(mine);
    expect(await mine.getAttribute('aria-selected')).toBe('true');
    const row = tableRow(page.getByTestId('cases-table'), opened.reference);
    await visible(row);
    await textOf(row, tRu('cases.status.new'));
    await textOf(row, CASE_WORKER);
    await textOf(row, codeLabel('caseType', 'labour_exploitation', 'ru'));
    await row.getByRole('link', { name: opened.reference }).click();
    await atPath(page, `/cases/${opened.id}`);
    await textOf(page.getByTestId('case-reference'), opened.reference);
    await textOf(page.getByTestId('case-status'), tRu('cases.status.new'));

    // Only the moves the API allows are offered, and they change as the case moves.
    await eventually(async () => expect(await offeredMoves(page)).toEqual([tRu('cases.transition.open'), tRu('cases.transition.closed')]));
    await page.getByRole('button', { name: tRu('cases.transition.open'), exact: true }).click();
    await textOf(page.getByTestId('case-status'), tRu('cases.status.open'));
    await eventually(async () => expect(await offeredMoves(page)).toEqual([tRu('cases.transition.in_progress'), tRu('cases.transition.closed')]));
    await page.getByRole('button', { name: tRu('cases.transition.in_progress'), exact: true }).click();
    await textOf(page.getByTestId('case-status'), tRu('cases.status.in_progress'));
    await eventually(async () =>
      expect(await offeredMoves(page)).toEqual([tRu('cases.transition.referred'), tRu('cases.transition.follow_up'), tRu('cases.transition.closed')]),
    );

    // A task with a due date; it goes to the case's assignee unless someone else is chosen.
    const taskForm = page.getByTestId('task-form');
    await taskForm.getByRole('textbox', { name: tRu('tasks.taskTitle'), exact: true }).fill(task);
    await taskForm.getByLabel(tRu('tasks.dueOn'), { exact: true }).fill(dayFromNow(3));
    await taskForm.getByRole('button', { name: tRu('tasks.addButton'), exact: true }).click();
    const taskItem = page.getByTestId('tasks').getByRole('listitem').filter({ hasText: task });
    await visible(taskItem);
    await textOf(taskItem, CASE_WORKER);
    await textOf(taskItem, tRu('tasks.status.open'));

    // A note; the timeline shows it first, with the task, the status changes and the operator's contact notes.
    const noteForm = page.getByTestId('note-form');
    await noteForm.getByRole('textbox', { name: tRu('timeline.addNote'), exact: true }).fill(note);
    await noteForm.getByRole('button', { name: tRu('timeline.addNoteButton'), exact: true }).click();
    const timeline = page.getByTestId('timeline');
    await textOf(timeline.getByRole('listitem').first(), note);
    await textOf(timeline, tRu('timeline.taskCreatedDue', { title: task, due: '' }).split('(')[0].trim());
    await textOf(timeline, tRu('timeline.statusChanged', { from: tRu('cases.status.new'), to: tRu('cases.status.open') }));
    await textOf(timeline, tRu('timeline.statusChanged', { from: tRu('cases.status.open'), to: tRu('cases.status.in_progress') }));
    const contactEntry = timeline.getByTestId('timeline-contact');
    await textOf(contactEntry, contactNotes);
    await textOf(contactEntry, codeLabel('contactCategory', 'labour_exploitation', 'ru'));

    // In the database.
    const [saved] = await suite.app.db.query<{ status: string }>('SELECT status FROM cases WHERE id = $1', [opened.id]);
    expect(saved.status).toBe('in_progress');
    const tasks = await suite.app.db.query<{ title: string; assignee_id: string; status: string; due_at: Date | null }>(
      'SELECT title, assignee_id, status, due_at FROM case_tasks WHERE case_id = $1',
      [opened.id],
    );
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ title: task, assignee_id: workerId, status: 'open' });
    expect(tasks[0].due_at).not.toBeNull();
    const events = await suite.app.db.query<{ kind: string; body: string | null }>(
      `SELECT kind, body FROM case_events WHERE case_id = $1 ORDER BY occurred_at, id`,
      [opened.id],
    );
    expect(events.map((e) => e.kind)).toEqual(['created', 'assigned', 'status_changed', 'status_changed', 'task_created', 'note']);
    expect(events[events.length - 1].body).toBe(note);
  });

  it('recognises a repeat caller by number: the earlier contact and case, masked for the operator, and links the call', async () => {
    const previous = 'Первый звонок: вербовщик обещал работу в Корее, просит оплатить билет.';
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    const earlier = await earlierCall(operator, { phone: '+7 701 987 65 78', notes: previous });

    const page = await openIntake(demoUser('operator'));
    const f = intake(page);
    // The same number, typed the local way.
    await page.keyboard.type('8 701 987 65 78');
    const masked = '+7 701 ••• •• 78';
    await textOf(f.panel.getByTestId('caller-phone'), masked);
    const pastContact = f.panel.getByTestId('caller-contact').filter({ hasText: previous });
    await visible(pastContact);
    await textOf(pastContact, masked);
    await textOf(pastContact, earlier.case.reference);
    const pastCase = f.panel.getByTestId('caller-case').filter({ hasText: earlier.case.reference });
    await visible(pastCase);
    expect(await pastCase.getByRole('link', { name: earlier.case.reference }).getAttribute('href')).toBe(`/cases/${earlier.case.id}`);
    // The operator may not view identifiers: the full number is shown nowhere in the panel.
    const panelText = (await f.panel.textContent()) ?? '';
    for (const plain of ['987 65', '9876578', '987-65']) expect(panelText).not.toContain(plain);

    // This call belongs to that case.
    await pastCase.getByRole('button', { name: tRu('caller.linkToCase', { reference: earlier.case.reference }) }).click();
    await textOf(page.getByTestId('intake-case-link'), earlier.case.reference);
    await eventually(async () => {
      const rows = await suite.app.db.query<{ id: string }>('SELECT id FROM contacts WHERE case_id = $1 ORDER BY started_at', [earlier.case.id]);
      expect(rows).toHaveLength(2);
      expect(rows[0].id).toBe(earlier.contact.id);
    });
  });

  it("a high-risk call shows the critical banner and reaches the supervisor's alerts", async () => {
    const notes = 'Звонящая заперта в квартире, угрожают расправой.';
    const page = await openIntake(demoUser('operator'));
    const f = intake(page);
    await page.keyboard.type('8 707 000 11 22');
    await f.notes.fill(notes);
    await f.risk.selectOption('high');
    const banner = page.getByTestId('critical-banner');
    await textOf(banner, tRu('intake.critical.title'));
    // Saved at once (no waiting for a pause in typing), and then it says the supervisors know.
    await textOf(banner, tRu('intake.critical.notified'));
    const [contact] = await suite.app.db.query<{ id: string; critical: boolean; risk_level: string }>(
      'SELECT id, critical, risk_level FROM contacts WHERE notes = $1',
      [notes],
    );
    expect(contact).toMatchObject({ critical: true, risk_level: 'high' });
    const supervisorId = await userId(demoUser('supervisor'));
    const alerts = await suite.app.db.query<{ id: string }>(`SELECT id FROM alerts WHERE recipient_id = $1 AND kind = 'critical_contact' AND entity_id = $2`, [
      supervisorId,
      contact.id,
    ]);
    expect(alerts).toHaveLength(1);

    // The supervisor's bell counts it; the inbox lists it and leads to the contact.
    const sup = await open();
    await signInToShell(sup, demoUser('supervisor'));
    const [{ unread }] = await suite.app.db.query<{ unread: string }>(
      'SELECT count(*) AS unread FROM alerts WHERE recipient_id = $1 AND read_at IS NULL AND resolved_at IS NULL',
      [supervisorId],
    );
    const bell = sup.getByTestId('alerts-bell');
    await eventually(async () => expect(await bell.getAttribute('aria-label')).toBe(tRu('alerts.bellUnread', { n: Number(unread) })));
    await bell.click();
    await atPath(sup, '/alerts');
    const about = tRu('alerts.aboutContact', { details: [codeLabel('riskLevel', 'high', 'ru'), codeLabel('contactChannel', 'voice', 'ru')].join(', ') });
    const alertRow = tableRow(sup.getByTestId('alerts-table'), about);
    await visible(alertRow);
    await textOf(alertRow, tRu('alerts.kinds.critical_contact'));
    await alertRow.getByRole('button', { name: tRu('alerts.markReadNamed', { name: `${tRu('alerts.kinds.critical_contact')}: ${about}` }) }).click();
    await textOf(alertRow, tRu('alerts.states.read'));
    await eventually(async () => {
      const [alert] = await suite.app.db.query<{ read_at: Date | null }>('SELECT read_at FROM alerts WHERE id = $1', [alerts[0].id]);
      expect(alert.read_at).not.toBeNull();
    });
    await alertRow.getByRole('link', { name: about }).click();
    await atPath(sup, `/contacts/${contact.id}`);
    await textOf(sup.getByTestId('contact-detail'), codeLabel('riskLevel', 'high', 'ru'));
  });

  it("a critical case closes only with a supervisor's approval: refused, asked, approved, closed", async () => {
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    const workerId = await userId(demoUser('caseworker'));
    const contact = await ok(
      operator.api.POST('/api/v1/contacts', {
        body: {
          channel: 'whatsapp',
          phone: '8 701 555 00 11',
          category: 'trafficking_report',
          riskLevel: 'immediate_danger',
          notes: 'Угроза жизни, просит помощи.',
        },
      }),
    );
    const { case: opened } = await ok(
      operator.api.POST('/api/v1/contacts/{id}/open-case', {
        params: { path: { id: contact.id } },
        body: { type: 'trafficking', version: contact.version, assigneeId: workerId },
      }),
    );
    expect(opened.priority).toBe('critical');

    // The case worker tries to close it: the refusal is explained, with a way forward.
    const page = await open();
    await signInToShell(page, demoUser('caseworker'));
    await page.goto(`/cases/${opened.id}`);
    await visible(page.locator('[data-priority="critical"]').first());
    await page.getByRole('button', { name: tRu('cases.transition.closed'), exact: true }).click();
    const close = page.getByRole('dialog', { name: tRu('cases.close.title', { reference: opened.reference }) });
    await visible(close);
    await close.getByRole('combobox', { name: tRu('cases.close.reason') }).selectOption('resolved');
    await close.getByRole('button', { name: tRu('cases.close.submit'), exact: true }).click();
    const refused = close.getByTestId('approval-required');
    await textOf(refused, tRu('cases.approval.requiredDetail'));
    await refused.getByRole('button', { name: tRu('cases.approval.ask') }).click();
    await visible(page.getByText(tRu('cases.approval.requested', { n: 1 }), { exact: true }));
    await page.keyboard.press('Escape');
    await hidden(close);
    await textOf(page.getByTestId('case-status'), tRu('cases.status.new'));

    // The supervisor finds the request in the alerts and approves.
    const sup = await open();
    await signInToShell(sup, demoUser('supervisor'));
    await sup.getByTestId('alerts-bell').click();
    await atPath(sup, '/alerts');
    const request = tableRow(sup.getByTestId('alerts-table'), tRu('alerts.aboutCase', { reference: opened.reference })).filter({
      hasText: tRu('alerts.kinds.closure_approval_requested'),
    });
    await visible(request);
    await request.getByRole('link', { name: tRu('alerts.aboutCase', { reference: opened.reference }) }).click();
    await atPath(sup, `/cases/${opened.id}`);
    await sup.getByRole('button', { name: tRu('cases.approval.approve'), exact: true }).click();
    await textOf(sup.getByTestId('closure-approved'), tRu('cases.approval.approvedBy', { name: 'Гульнара Супервайзер' }));

    // Now the case worker can close it.
    await page.reload();
    await page.getByRole('button', { name: tRu('cases.transition.closed'), exact: true }).click();
    await visible(close);
    await close.getByRole('combobox', { name: tRu('cases.close.reason') }).selectOption('resolved');
    await close.getByRole('textbox', { name: tRu('cases.close.note') }).fill('Клиентка в убежище.');
    await close.getByRole('button', { name: tRu('cases.close.submit'), exact: true }).click();
    await hidden(close);
    await textOf(page.getByTestId('case-status'), tRu('cases.status.closed'));
    await eventually(async () => expect(await offeredMoves(page)).toEqual([tRu('cases.transition.reopen')]));
    const [row] = await suite.app.db.query<{ status: string; closure_reason: string; closure_note: string; closure_approved_by_id: string }>(
      'SELECT status, closure_reason, closure_note, closure_approved_by_id FROM cases WHERE id = $1',
      [opened.id],
    );
    expect(row).toMatchObject({
      status: 'closed',
      closure_reason: 'resolved',
      closure_note: 'Клиентка в убежище.',
      closure_approved_by_id: await userId(demoUser('supervisor')),
    });
  });

  it('saves the trafficking details and the client; the operator sees the client masked until revealing with a reason', async () => {
    const operator = await signedIn(suite.app.baseUrl, demoUser('operator'));
    const workerId = await userId(demoUser('caseworker'));
    const { case: opened } = await earlierCall(operator, { phone: '8 747 321 00 45', notes: 'Обещали работу официанткой в Стамбуле.', assignTo: workerId });

    const page = await open();
    await signInToShell(page, demoUser('caseworker'));
    await page.goto(`/cases/${opened.id}`);
    const details = page.getByTestId('case-details');
    await details.getByRole('combobox', { name: tRu('trafficking.status'), exact: true }).selectOption('PossibleVictimOfTrafficking');
    await details.getByRole('checkbox', { name: codeLabel('exploitationType', 'ForcedLabour', 'ru'), exact: true }).check();
    await details.getByRole('checkbox', { name: codeLabel('controlMethod', 'WithholdsDocuments', 'ru'), exact: true }).check();
    await details.getByRole('button', { name: tRu('trafficking.addStage') }).click();
    await details.getByRole('combobox', { name: tRu('trafficking.country', { n: 1 }), exact: true }).selectOption('KZ');
    await details.getByRole('button', { name: tRu('trafficking.addStage') }).click();
    await details.getByRole('combobox', { name: tRu('trafficking.stageType', { n: 2 }), exact: true }).selectOption('Exploitation');
    await details.getByRole('combobox', { name: tRu('trafficking.country', { n: 2 }), exact: true }).selectOption('TR');
    await details.getByRole('textbox', { name: tRu('trafficking.city', { n: 2 }), exact: true }).fill('Стамбул');
    await details.getByLabel(tRu('trafficking.date', { n: 2 }), { exact: true }).fill('2026-01-15');
    await details.getByRole('button', { name: tRu('trafficking.save'), exact: true }).click();
    await visible(page.getByText(tRu('trafficking.saved'), { exact: true }));
    const [saved] = await suite.app.db.query<{ trafficking_status: string; exploitation_types: string[]; control_methods: string[] }>(
      'SELECT trafficking_status, exploitation_types, control_methods FROM cases WHERE id = $1',
      [opened.id],
    );
    expect(saved).toEqual({ trafficking_status: 'PossibleVictimOfTrafficking', exploitation_types: ['ForcedLabour'], control_methods: ['WithholdsDocuments'] });
    const route = await suite.app.db.query<{ type: string; country: string; city: string | null; date: string | null }>(
      `SELECT type, country, city, to_char(date, 'YYYY-MM-DD') AS date FROM case_trafficking_events WHERE case_id = $1 ORDER BY position`,
      [opened.id],
    );
    expect(route).toEqual([
      { type: 'Recruitment', country: 'KZ', city: null, date: null },
      { type: 'Exploitation', country: 'TR', city: 'Стамбул', date: '2026-01-15' },
    ]);

    // The case worker records the client (name encrypted, number as an identifier).
    await page.getByRole('button', { name: tRu('people.record.button') }).click();
    const record = page.getByRole('dialog', { name: tRu('people.record.title') });
    await record.getByRole('textbox', { name: tRu('people.record.name'), exact: true }).fill('Айгуль Сейтова');
    await record.getByRole('textbox', { name: tRu('intake.phone'), exact: true }).fill('8 747 321 00 45');
    await record.getByRole('button', { name: tRu('people.record.submit'), exact: true }).click();
    await hidden(record);
    await textOf(page.getByTestId('case-client'), 'Айгуль Сейтова');
    const [person] = await suite.app.db.query<{ id: string; raw: string }>(
      'SELECT p.id, row_to_json(p)::text AS raw FROM people p JOIN cases c ON c.person_id = p.id WHERE c.id = $1',
      [opened.id],
    );
    expect(person.raw).not.toContain('Айгуль');

    // The operator sees initials and a masked number; revealing asks why, and the reason is audited.
    const op = await open();
    await signInToShell(op, demoUser('operator'));
    await op.goto(`/cases/${opened.id}`);
    const card = op.getByTestId('person-card');
    await textOf(card, 'А. С.');
    await textOf(card, '+7 747 ••• •• 45');
    expect((await card.textContent()) ?? '').not.toContain('Айгуль');
    await card.getByRole('button', { name: tRu('people.reveal.namedButton', { name: 'А. С.' }) }).click();
    const reveal = op.getByRole('dialog', { name: tRu('people.reveal.title') });
    await reveal.getByRole('button', { name: tRu('people.reveal.submit'), exact: true }).click();
    await visible(reveal.getByText(tRu('fieldErrors.reasonTooShort')));
    await reveal.getByRole('textbox', { name: tRu('people.reveal.reason'), exact: true }).fill('Клиентка просит перезвонить');
    await reveal.getByRole('button', { name: tRu('people.reveal.submit'), exact: true }).click();
    await hidden(reveal);
    await textOf(card, 'Айгуль Сейтова');
    // Written as the masked number was, digits in the same places.
    await textOf(card, '+7 747 321 00 45');
    await textOf(card, tRu('people.reveal.shownOnce'));
    const audits = await suite.app.db.query<{ summary: { reason?: string } }>(
      `SELECT summary FROM audit_log WHERE action = 'identifiers.revealed' AND entity_id = $1 AND actor_email = $2`,
      [person.id, demoUser('operator')],
    );
    expect(audits.map((a) => a.summary.reason)).toEqual(['Клиентка просит перезвонить']);
    // For this view only: back on the page, it is masked again.
    await op.reload();
    await textOf(op.getByTestId('person-card'), 'А. С.');
  });

  it('fits a 1366×768 screen: the caller panel beside the form and the actions in reach, however long the notes; the shortcuts on demand with ?', async () => {
    const page = await open();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signInToShell(page, demoUser('operator'));
    await page.goto('/intake');
    const f = intake(page);
    await focused(f.phone);
    const inView = async (name: string, locator: Locator) => {
      const box = await locator.boundingBox();
      expect({ name, box: box && box.y >= 0 && box.y + box.height <= 768 && box.x + box.width <= 1366 }).toEqual({ name, box: true });
    };
    const actions = page.getByTestId('intake-actions');
    const check = async () => {
      await inView('save', actions.getByRole('button', { name: new RegExp(`^${tRu('common.save')}`) }));
      await inView('open case', actions.getByRole('button', { name: new RegExp(`^${tRu('intake.openCase.button')}`) }));
      await inView('complete', actions.getByRole('button', { name: new RegExp(`^${tRu('intake.complete')}`) }));
      await inView('caller panel', f.panel.getByRole('heading').first());
      // Beside the form, not under it.
      const form = (await f.form.boundingBox())!;
      const panel = (await f.panel.boundingBox())!;
      expect(panel.x).toBeGreaterThanOrEqual(form.x + form.width - 1);
    };
    await check();
    // Long notes push the form down; the actions and the caller panel stay where the operator works.
    await f.notes.fill(Array.from({ length: 40 }, (_, i) => `Строка заметки ${i + 1}`).join('\n'));
    await f.notes.press('End');
    await check();
    expect(await page.getByTestId('intake-shortcuts').count()).toBe(0);
    // ? outside a field lists the shortcuts; inside a field it is just a character.
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('Shift+Slash');
    await visible(page.getByTestId('intake-shortcuts'));
    expect(await seriousAccessibilityFindings(page, '[role="dialog"]')).toEqual([]);
    await page.keyboard.press('Escape');
    await hidden(page.getByTestId('intake-shortcuts'));
    await f.phone.focus();
    await page.keyboard.type('?');
    expect(await page.getByTestId('intake-shortcuts').count()).toBe(0);
  });

  it('shows the intake screen in Kazakh and English', async () => {
    const page = await openIntake(demoUser('operator'));
    const languages = page.getByTestId('language-switch');
    const check = async (locale: ConsoleLocale) => {
      await languages.selectOption(locale);
      await textOf(page.getByRole('heading', { level: 1 }), label(locale, 'intake.title'));
      const f = intake(page, locale);
      await visible(f.phone);
      await visible(f.notes);
      await visible(f.callerType);
      await textOf(f.status, label(locale, 'intake.autosave.idle'));
      await textOf(page.getByTestId('nav-intake'), label(locale, 'nav.intake'));
      await textOf(f.panel, label(locale, 'caller.enterPhone'));
      // The shortcuts are listed on demand.
      await page.getByTestId('intake-shortcuts-open').click();
      await textOf(page.getByTestId('intake-shortcuts'), label(locale, 'intake.shortcuts.openCase'));
      await page.keyboard.press('Escape');
      await hidden(page.getByTestId('intake-shortcuts'));
      await visible(page.getByRole('button', { name: label(locale, 'intake.complete'), exact: true }));
      // Code lists come in the same language.
      const options = await f.category.locator('option').allTextContents();
      expect(options).toContain(codeLabel('contactCategory', 'trafficking_report', locale));
      expect(options).toContain(label(locale, 'common.notChosen'));
    };
    await check('kk');
    expect(label('kk', 'intake.phone')).not.toBe(label('ru', 'intake.phone'));
    await check('en');
    // Back to Russian: the choice is saved in the operator's profile.
    await languages.selectOption('ru');
    await textOf(page.getByRole('heading', { level: 1 }), tRu('intake.title'));
  });
});
