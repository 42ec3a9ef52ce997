import type { LocalizedText } from '../types.js';

/** What each format's problems are called, for error messages (label comes in front). */
export const FORMAT_PROBLEM_MESSAGES: Readonly<Record<string, Readonly<Record<string, LocalizedText>>>> = {
  'id-card': {
    length: { zh: '应为18位', en: 'must be 18 characters long' },
    charset: { zh: '只能包含数字，最后一位可以是X', en: 'may contain only digits, the last one may be X' },
    lowercaseX: { zh: '最后一位的X应为大写', en: 'the final X must be upper case' },
    region: { zh: '地址码（前6位）不正确', en: 'the address code (first 6 digits) is not valid' },
    birthDate: { zh: '出生日期不正确', en: 'the birth date is not a valid date' },
    futureBirthDate: { zh: '出生日期不能晚于今天', en: 'the birth date cannot be in the future' },
    checkDigit: { zh: '校验位不正确', en: 'the check digit is wrong' },
  },
  uscc: {
    length: { zh: '应为18位', en: 'must be 18 characters long' },
    charset: {
      zh: '只能包含数字和大写字母（不含I、O、Z、S、V）',
      en: 'may contain only digits and capital letters except I, O, Z, S, V',
    },
    authority: { zh: '登记管理部门代码（第1位）不正确', en: 'the registration authority code (1st character) is not valid' },
    category: { zh: '机构类别代码（第2位）不正确', en: 'the organisation category code (2nd character) is not valid' },
    region: { zh: '行政区划码（第3至8位）不正确', en: 'the region code (characters 3 to 8) is not valid' },
    checkDigit: { zh: '校验位不正确', en: 'the check character is wrong' },
  },
  'mobile-cn': {
    length: { zh: '应为11位', en: 'must be 11 digits long' },
    charset: { zh: '只能包含数字', en: 'may contain only digits' },
    prefix: { zh: '号段不正确，应以13至19开头', en: 'must start with 13 to 19' },
  },
  'region-code': {
    length: { zh: '应为6位（县级）、9位（镇街）或12位（村居）', en: 'must be 6 (county), 9 (town) or 12 (village) digits long' },
    charset: { zh: '只能包含数字', en: 'may contain only digits' },
    province: { zh: '省级代码（前2位）不正确', en: 'the province code (first 2 digits) is not valid' },
    shape: { zh: '层级结构不正确', en: 'the levels of the code do not fit together' },
  },
};

/** One message per standard format, friendlier than "must match format". */
export const STANDARD_FORMAT_MESSAGES: Readonly<Record<string, LocalizedText>> = {
  date: { zh: '应为日期，格式为YYYY-MM-DD', en: 'must be a date as YYYY-MM-DD' },
  'date-time': {
    zh: '应为带时区的日期时间，如2024-05-01T09:30:00+08:00',
    en: 'must be a date and time with offset, e.g. 2024-05-01T09:30:00+08:00',
  },
  email: { zh: '应为有效的电子邮箱地址', en: 'must be a valid e-mail address' },
  uri: { zh: '应为有效的网址（URI）', en: 'must be a valid URI' },
};
