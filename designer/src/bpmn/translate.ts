/**
 * bpmn-js `translate` service: Chinese from the community translations (bpmn-js-i18n) plus our
 * own additions; English is bpmn-js's own text. The modeler is re-created when the language
 * changes, so a plain lookup suffices.
 */
import zn from 'bpmn-js-i18n/translations/zn';

const ZH_EXTRA: Record<string, string> = {
  General: '常规',
  Name: '名称',
  ID: '标识',
  Documentation: '文档',
  'Element documentation': '元素文档',
  'Process documentation': '流程文档',
  'Version tag': '版本标签',
  Executable: '可执行',
  Condition: '条件',
  'Condition expression': '条件表达式',
  Type: '类型',
  Expression: '表达式',
  Script: '脚本',
  Format: '格式',
  Message: '消息',
  'Global message reference': '全局消息引用',
  Error: '错误',
  Signal: '信号',
  Timer: '定时器',
  'Multi-instance': '多实例',
  Asynchronous: '异步',
  Inputs: '输入',
  Outputs: '输出',
  'Start initiator': '发起人',
  Template: '模板',
  Link: '链接',
  Escalation: '升级',
  Compensation: '补偿',
  'Called element': '被调用元素',
  'Loop cardinality': '循环基数',
  'Completion condition': '完成条件',
  Collection: '集合',
  'Element variable': '元素变量',
  'Data object reference': '数据对象引用',
  'Data store reference': '数据存储引用',
  Participant: '参与者',
  'Process ID': '流程标识',
  'Process name': '流程名称',
  '<none>': '<无>',
  // Header type labels of the properties panel ("User Task", …).
  Process: '流程',
  'User Task': '用户任务',
  'Service Task': '服务任务',
  'Send Task': '发送任务',
  'Receive Task': '接收任务',
  'Script Task': '脚本任务',
  'Manual Task': '人工任务',
  'Business Rule Task': '业务规则任务',
  Task: '任务',
  'Call Activity': '调用活动',
  'Start Event': '开始事件',
  'End Event': '结束事件',
  'Exclusive Gateway': '排他网关',
  'Parallel Gateway': '并行网关',
  'Inclusive Gateway': '包容网关',
  'Event Based Gateway': '事件网关',
  'Complex Gateway': '复杂网关',
  'Sequence Flow': '顺序流',
  'Default Flow': '默认流',
  'Conditional Flow': '条件流',
  'Expanded Sub Process': '子流程（展开）',
  'Collapsed Sub Process': '子流程（折叠）',
  'Event Sub Process': '事件子流程',
  'Intermediate Throw Event': '中间抛出事件',
  'Intermediate Catch Event': '中间捕获事件',
  'Boundary Event': '边界事件',
  'Message Start Event': '消息开始事件',
  'Timer Start Event': '定时开始事件',
  'Message Intermediate Catch Event': '消息中间捕获事件',
  'Timer Intermediate Catch Event': '定时中间捕获事件',
  'Message Boundary Event': '消息边界事件',
  'Timer Boundary Event': '定时边界事件',
  'Error Boundary Event': '错误边界事件',
  'Error End Event': '错误结束事件',
  'Terminate End Event': '终止结束事件',
  'Text Annotation': '文本注释',
  Lane: '泳道',
  Group: '分组',
  'Create new ...': '新建…',
};

export type Translate = (template: string, replacements?: Record<string, string>) => string;

export function createTranslate(locale: string): Translate {
  const table: Record<string, string> = locale === 'en' ? {} : { ...zn, ...ZH_EXTRA };
  return (template, replacements = {}) =>
    (table[template] ?? template).replace(/{([^}]+)}/g, (_, key: string) => replacements[key] ?? `{${key}}`);
}

/** A bpmn-js module overriding `translate`. */
export function translateModule(locale: string): Record<string, unknown> {
  return { translate: ['value', createTranslate(locale)] };
}
