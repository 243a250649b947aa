import { Injectable } from '@nestjs/common';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { Actor } from '#api/core/context/request-context';
import { IdentifierVault } from '../people/identifier-vault';
import { Encrypted } from '#api/core/crypto/encrypted-columns';
import type { FieldContext } from '#api/core/crypto/field-cipher';
import { SUBJECT_ACCESS_LIMIT, SubjectAccessRepository } from './subject-access.repository';

/** What the audit log says was corrected about a person: which fields, when, by whom (never the values). */
const CORRECTION_ACTIONS = [
  'people.created',
  'people.updated',
  'people.identifier_added',
  'people.identifier_removed',
  'people.merged',
  'people.merge_undone',
  'flags.added',
  'flags.removed',
];

/**
 * A subject access request: everything Mayak holds about one person, in plain words and
 * decrypted, for the person themself (handed over by a supervisor, who is audited for it).
 * Reads through the same visibility rule as every other read of the person.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    private readonly held: SubjectAccessRepository,
    private readonly vault: IdentifierVault,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async report(actor: Actor, personId: string): Promise<Record<string, unknown>> {
    const person = await this.held.requirePerson(actor, personId);
    const open = (value: string | null, at: FieldContext) => (value ? this.vault.decrypt(value, at) : null);
    const stored = await this.held.identifiers(person.id);
    const identifiers = stored.map((i) => ({ ...i, value: this.vault.decrypt(i.value_encrypted, Encrypted.personIdentifier.at(i.id)) }));
    // The person's numbers under every identifier hash key (rows not yet recomputed while the key rotates are found too).
    const phoneHashes = [...new Set(identifiers.filter((i) => i.kind === 'phone').flatMap((i) => [i.value_hash, ...this.vault.phoneHashesOf(i.value)]))];
    // Only what the supervisor may see, by the rules of every other read: a number also used with
    // another office must not bring that office's contacts, cases, callbacks or texts along.
    const contacts = await this.held.contacts(await this.held.visibleContactIds(actor, person.id, phoneHashes));
    const cases = await this.held.cases(await this.held.visibleCaseIds(actor, person.id));
    const caseIds = cases.map((c) => c.id as string);
    const [events, consents, referrals, callbacks, messages, flags, voicemails, files, caseFiles, plans] = await Promise.all([
      this.held.caseEvents(caseIds),
      this.held.caseConsents(caseIds),
      this.held.caseReferrals(caseIds),
      this.held.callbacks(caseIds, phoneHashes, actor.officeIds),
      this.held.messages(phoneHashes, actor.officeIds),
      this.held.flags(person.id, phoneHashes),
      // Recordings are listed (when, how long, the contact); the audio is played in the console, where each play is audited.
      this.held.voicemails(
        contacts.map((k) => k.id as string),
        actor.officeIds,
      ),
      // Files from messages are listed the same way (what, how large, when); each is opened in the console, audited.
      this.held.messageFiles(phoneHashes, actor.officeIds),
      // Files kept with the cases: what they are and when they were added or removed; each is opened in the console, audited.
      this.held.caseFiles(caseIds),
      // The case's assessments, safety plans and support plans, with what they say.
      this.held.casePlans(caseIds),
    ]);
    await this.audit.record({
      action: AuditAction.SubjectAccessExported,
      entityType: 'person',
      entityId: person.id,
      officeId: person.officeId,
      summary: { contacts: contacts.length, cases: cases.length, messages: messages.length },
    });
    return {
      generatedAt: this.clock.now().toISOString(),
      person: {
        id: person.id,
        name: open(person.nameEncrypted, Encrypted.personName.at(person.id)),
        gender: person.gender,
        birthYear: person.birthYear,
        ageGroup: person.ageGroup,
        citizenship: person.citizenship,
        languages: person.languages,
        migrationSituation: person.migrationSituation,
        recordedAt: person.createdAt.toISOString(),
        anonymisedAt: person.anonymisedAt?.toISOString() ?? null,
      },
      identifiers: identifiers.map((i) => ({ kind: i.kind, value: i.value, label: i.label, recordedAt: i.created_at })),
      flags,
      contacts: contacts.map(({ phone_encrypted, ...k }) => ({
        ...k,
        phone: open(phone_encrypted as string | null, Encrypted.contactPhone.at(k.id as string)),
      })),
      cases: cases.map((c) => ({
        ...c,
        timeline: events.filter((e) => e.case_id === c.id).map(({ case_id: _c, ...e }) => e),
        consents: consents.filter((e) => e.case_id === c.id).map(({ case_id: _c, ...e }) => e),
        referrals: referrals.filter((e) => e.case_id === c.id).map(({ case_id: _c, ...e }) => e),
        files: caseFiles.filter((e) => e.case_id === c.id).map(({ case_id: _c, ...e }) => e),
        plans: plans.filter((e) => e.case_id === c.id).map(({ case_id: _c, ...e }) => e),
      })),
      callbacks,
      voicemails,
      files,
      messages: messages.map(({ id, body_encrypted, ...s }) => ({ ...s, body: open(body_encrypted as string, Encrypted.messageBody.at(id as string)) })),
      corrections: (await this.corrections(actor, person.id, SUBJECT_ACCESS_LIMIT, false)).items,
    };
  }

  /** The correction log of a person: each change to their record, newest first, with who made it. */
  async corrections(actor: Actor, personId: string, limit = 200, check = true) {
    if (check) await this.held.requirePerson(actor, personId);
    const rows = await this.held.corrections(personId, CORRECTION_ACTIONS, limit);
    return { items: rows.map((r) => ({ at: r.occurred_at.toISOString(), action: r.action, by: r.display_name, changed: r.summary })) };
  }
}
