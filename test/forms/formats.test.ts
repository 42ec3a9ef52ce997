import { expect } from 'chai';
import {
  explainIdCard, explainMobileCn, explainRegionCode, explainUscc, isIdCard, isMobileCn, isRegionCode, isUscc,
  validateForm, type FormDefinition,
} from '@tongban/forms';
import { idCardWithCheck, usccWithCheck, withWrongCheck } from './fixtures.js';

describe('forms formats', () => {
  describe('id-card (GB 11643-1999)', () => {
    const valid = [
      '11010519491231002X', // the standard's own example
      '440524188001010014', // the standard's appendix example, born 1880
      idCardWithCheck('44030419900307123'),
      idCardWithCheck('32010219851231001'),
      idCardWithCheck('11010120000229456'), // 29 February of a leap year
      idCardWithCheck('65010219700101003'),
      idCardWithCheck('81000019991231008'), // Hong Kong residence permit prefix
    ];
    for (const id of valid) it(`accepts ${id}`, () => expect(explainIdCard(id)).to.equal(null));

    it('the samples cover both the X and a digit as check character', () => {
      expect(valid.some((v) => v.endsWith('X'))).to.equal(true);
      expect(valid.some((v) => /\d$/.test(v))).to.equal(true);
    });

    const invalid: [string, string][] = [
      [withWrongCheck('11010519491231002X'), 'checkDigit'],
      [withWrongCheck(idCardWithCheck('44030419900307123')), 'checkDigit'],
      ['11010519491231002x', 'lowercaseX'],
      ['1101051949123100', 'length'],
      ['11010519491231002X1', 'length'],
      ['1101051949A231002X', 'charset'],
      [idCardWithCheck('99010519491231002'), 'region'],
      [idCardWithCheck('11000519491231002'), 'region'], // county under a zero city part
      [idCardWithCheck('11010519490230002'), 'birthDate'], // 30 February
      [idCardWithCheck('11010519491301002'), 'birthDate'], // month 13
      [idCardWithCheck('11010517991231002'), 'birthDate'], // before 1850
      [idCardWithCheck('11010529990101002'), 'futureBirthDate'],
    ];
    for (const [id, reason] of invalid) it(`refuses ${id} (${reason})`, () => expect(explainIdCard(id)).to.equal(reason));

    it('a birth date of today is fine, tomorrow (China time) is not', () => {
      const now = new Date('2024-05-31T17:00:00Z'); // 01:00 on 1 June in Beijing
      expect(explainIdCard(idCardWithCheck('11010520240601002'), now)).to.equal(null);
      expect(explainIdCard(idCardWithCheck('11010520240602002'), now)).to.equal('futureBirthDate');
    });

    it('isIdCard is the boolean form', () => {
      expect(isIdCard('11010519491231002X')).to.equal(true);
      expect(isIdCard('110105194912310021')).to.equal(false);
    });
  });

  describe('uscc (GB 32100-2015)', () => {
    const valid = [
      '91350100M000100Y43', // example printed in GB 32100-2015
      usccWithCheck('91310115MA1H7G8K1'), // enterprise
      usccWithCheck('92440300MA5DQ2L7X'), // individual business
      usccWithCheck('53100000500021676'), // foundation registered nationally (民政, region 100000)
      usccWithCheck('12100000400000716'), // public institution registered nationally (机构编制)
      usccWithCheck('N2330102MF0123456'), // village collective economic organisation
    ];
    for (const code of valid) it(`accepts ${code}`, () => expect(explainUscc(code)).to.equal(null));

    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const invalid: [string, string][] = [
      [withWrongCheck('91350100M000100Y43', alphabet), 'checkDigit'],
      [withWrongCheck(usccWithCheck('91310115MA1H7G8K1'), alphabet), 'checkDigit'],
      ['91350100M000100Y4', 'length'],
      ['91350100M000100Y433', 'length'],
      ['91350100M000I00Y43', 'charset'], // I
      ['91350100M000O00Y43', 'charset'], // O
      ['91350100M000Z00Y43', 'charset'], // Z
      ['91350100M000S00Y43', 'charset'], // S
      ['91350100M000V00Y43', 'charset'], // V
      ['91350100m000100Y43', 'charset'], // lower case
      [usccWithCheck('B1350100M000100Y4'), 'authority'],
      [usccWithCheck('95350100M000100Y4'), 'category'], // 工商 has categories 1–3 only
      [usccWithCheck('9199A100M000100Y4'), 'region'],
      [usccWithCheck('91990100M000100Y4'), 'region'],
    ];
    for (const [code, reason] of invalid) it(`refuses ${code} (${reason})`, () => expect(explainUscc(code)).to.equal(reason));

    it('isUscc is the boolean form', () => {
      expect(isUscc('91350100M000100Y43')).to.equal(true);
      expect(isUscc('91350100M000100Y44')).to.equal(false);
    });
  });

  describe('mobile-cn', () => {
    for (const m of ['13800138000', '15912345678', '16612345678', '19912345678']) {
      it(`accepts ${m}`, () => expect(explainMobileCn(m)).to.equal(null));
    }
    const invalid: [string, string][] = [
      ['12345678901', 'prefix'],
      ['10086100860', 'prefix'],
      ['1380013800', 'length'],
      ['138001380001', 'length'],
      ['1380013800a', 'charset'],
      ['+8613800138000', 'charset'],
      ['138 0013 8000', 'charset'],
    ];
    for (const [m, reason] of invalid) it(`refuses ${m} (${reason})`, () => expect(explainMobileCn(m)).to.equal(reason));
    it('isMobileCn is the boolean form', () => expect([isMobileCn('13800138000'), isMobileCn('12800138000')]).to.deep.equal([true, false]));
  });

  describe('region-code', () => {
    for (const r of ['110000', '110100', '110105', '440304', '469001', '110105001', '440106002', '110105001001', '440304002000']) {
      it(`accepts ${r}`, () => expect(explainRegionCode(r)).to.equal(null));
    }
    const invalid: [string, string][] = [
      ['11010', 'length'],
      ['1101050010', 'length'],
      ['11010500', 'length'],
      ['110105000', 'shape'],
      ['990105001', 'province'],
      ['11010a', 'charset'],
      ['990000', 'province'],
      ['000000', 'province'],
      ['110005', 'shape'],
      ['110105000001', 'shape'],
    ];
    for (const [r, reason] of invalid) it(`refuses ${r} (${reason})`, () => expect(explainRegionCode(r)).to.equal(reason));
    it('isRegionCode is the boolean form', () => expect([isRegionCode('110105'), isRegionCode('110005')]).to.deep.equal([true, false]));
  });

  describe('formats inside a schema (ajv)', () => {
    const form: FormDefinition = {
      id: 'formats',
      version: 1,
      title: 'formats',
      schema: {
        type: 'object',
        properties: {
          idCard: { type: 'string', format: 'id-card' },
          uscc: { type: 'string', format: 'uscc' },
          mobile: { type: 'string', format: 'mobile-cn' },
          region: { type: 'string', format: 'region-code' },
          date: { type: 'string', format: 'date' },
          dateTime: { type: 'string', format: 'date-time' },
          email: { type: 'string', format: 'email' },
          uri: { type: 'string', format: 'uri' },
        },
      },
      uiSchema: { type: 'VerticalLayout', elements: [] },
    };
    const good = {
      idCard: '11010519491231002X',
      uscc: '91350100M000100Y43',
      mobile: '13800138000',
      region: '110105001001',
      date: '2024-02-29',
      dateTime: '2024-05-01T09:30:00+08:00',
      email: 'zhangsan@example.gov.cn',
      uri: 'https://www.gjzwfw.gov.cn/',
    };
    const bad = {
      idCard: '110105194912310021',
      uscc: '91350100M000100Y44',
      mobile: '12800138000',
      region: '990000',
      date: '2023-02-29',
      dateTime: '2024-05-01 09:30',
      email: 'zhangsan@',
      uri: 'not a uri',
    };

    it('accepts a valid value of every format', () => {
      expect(validateForm(form, good)).to.deep.equal({ ok: true, data: good });
    });

    for (const field of Object.keys(bad) as (keyof typeof bad)[]) {
      it(`refuses an invalid ${field}`, () => {
        const result = validateForm(form, { ...good, [field]: bad[field] });
        expect(result.ok).to.equal(false);
        if (result.ok) return;
        expect(result.errors.map((e) => [e.path, e.keyword])).to.deep.equal([[`/${field}`, 'format']]);
      });
    }
  });
});
