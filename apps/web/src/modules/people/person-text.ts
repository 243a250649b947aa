import type { PersonDto } from '@mayak/api-client';
import { formatPhone } from '@mayak/domain';
import type { useCodes } from '../i18n/codes';

type Codes = ReturnType<typeof useCodes>;

/** An identifier as the console writes it: numbers grouped (masked ones as the API masked them), the rest as they are. */
export function identifierText(identifier: { kind: string; value: string }): string {
  return identifier.kind === 'phone' ? formatPhone(identifier.value) : identifier.value;
}

/** Gender, age group or birth year, citizenship and languages, by their names, on one line. */
export function personFacts(person: Pick<PersonDto, 'gender' | 'ageGroup' | 'birthYear' | 'citizenship' | 'languages'>, codes: Codes): string {
  return [
    person.gender ? codes.label('gender', person.gender) : null,
    person.ageGroup ? codes.label('ageGroup', person.ageGroup) : null,
    person.birthYear ? String(person.birthYear) : null,
    person.citizenship.length ? person.citizenship.map((code) => codes.country(code)).join(', ') : null,
    person.languages.length ? person.languages.map((code) => codes.language(code)).join(', ') : null,
  ]
    .filter(Boolean)
    .join(' · ');
}
