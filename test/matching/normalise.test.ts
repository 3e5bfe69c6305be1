import { describe, expect, it } from 'vitest';
import {
  compact,
  isWellFormedOen,
  normaliseIdentifier,
  normaliseName,
  surnameCore,
  surnameParts,
} from '../../src/matching/normalise.js';

describe('normaliseName', () => {
  it('upper-cases and removes accents', () => {
    expect(normaliseName('Côté')).toBe('COTE');
    expect(normaliseName('Nguyễn')).toBe('NGUYEN');
    expect(normaliseName('Đặng')).toBe('DANG');
    expect(normaliseName('Müller')).toBe('MULLER');
    expect(normaliseName('Łukasz')).toBe('LUKASZ');
  });
  it('joins apostrophes of every shape', () => {
    expect(normaliseName("O'Brien")).toBe('OBRIEN');
    expect(normaliseName('D’Amour')).toBe('DAMOUR');
  });
  it('turns hyphens and punctuation into single spaces', () => {
    expect(normaliseName('Jean-Philippe')).toBe('JEAN PHILIPPE');
    expect(normaliseName('  Garcia -  Lopez ')).toBe('GARCIA LOPEZ');
    expect(normaliseName('Tremblay-Gagnon')).toBe('TREMBLAY GAGNON');
  });
  it('writes St and Ste as Saint and Sainte', () => {
    expect(normaliseName('St-Pierre')).toBe('SAINT PIERRE');
    expect(normaliseName('St. Pierre')).toBe('SAINT PIERRE');
    expect(normaliseName('Saint-Pierre')).toBe('SAINT PIERRE');
    expect(normaliseName('Ste-Marie')).toBe('SAINTE MARIE');
    expect(normaliseName('St')).toBe('ST');
  });
  it('gives an empty string for nothing', () => {
    expect(normaliseName(undefined)).toBe('');
    expect(normaliseName(' - ')).toBe('');
  });
});

describe('multi-part surnames', () => {
  it('splits into significant parts without particles', () => {
    expect(surnameParts('GARCIA LOPEZ')).toEqual(['GARCIA', 'LOPEZ']);
    expect(surnameParts('DE LA FUENTE')).toEqual(['FUENTE']);
    expect(surnameParts('SMITH')).toEqual(['SMITH']);
  });
  it('glues and strips leading particles', () => {
    expect(compact('VAN DER BERG')).toBe('VANDERBERG');
    expect(surnameCore('DE SOUZA')).toBe('SOUZA');
    expect(surnameCore('DA SILVA')).toBe('SILVA');
  });
});

describe('identifiers', () => {
  it('drops spaces and dashes typed inside', () => {
    expect(normaliseIdentifier(' 123-456 789 ')).toBe('123456789');
  });
  it('knows a well-formed OEN', () => {
    expect(isWellFormedOen('123456789')).toBe(true);
    expect(isWellFormedOen('12345678')).toBe(false);
    expect(isWellFormedOen('000000000')).toBe(false);
  });
});
