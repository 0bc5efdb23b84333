/**
 * 《石城县2022年强化易地扶贫搬迁后续扶持工作责任清单》 as published (the attachment of the county's 2022 plan),
 * transcribed from the source and reviewed row by row.
 *
 * - `text` is the work item verbatim, with the PDF's line-break spaces removed (punctuation kept as printed,
 *   including the source's "承诺书,，" in row 29).
 * - `lead`, `responsible` and `deadline` are the cells as printed (line-break spaces included); they are read
 *   through the reviewed unit alias table (modules/org/reference-data.ts) and the deadline grammar
 *   (@anzhi/domain/deadlines) when the plan is loaded. A name the alias table cannot resolve is kept and
 *   reported on the row (row 25's "有关乡(镇)消防救援支队"), never dropped.
 * - `group`: the list merges the 类别 cell over several rows; each row carries its group. Rows 19–23 have no
 *   类别 in the published list and take theirs from the plan body's sections: rows 19–21 from
 *   "（六）完善配套设施建设" (clauses 16–18), rows 22–23 from "（七）提升管理服务水平" (clause 19).
 * - Rows 30–35 are missing from the published text and are not invented; administrators add rows.
 */
export interface PlanRowSource {
  row: number;
  group: string;
  /** Where the group comes from: the list's merged 类别 cell, or the plan body's section (rows 19–23). */
  groupFrom: 'list' | 'body';
  text: string;
  lead: string;
  responsible: string;
  deadline: string;
}

export const plan2022Title = '石城县2022年强化易地扶贫搬迁后续扶持工作责任清单';
export const plan2022Year = 2022;

export const plan2022Rows: readonly PlanRowSource[] = [
  {
    row: 1,
    group: '健全长效管理机制',
    groupFrom: 'list',
    text: '制定“点长”的帮扶规划、明确“点长”的工作职责、列好“点长”的任务清单。',
    lead: '县乡村振兴局',
    responsible: '县发改委，有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '2022年3月底前',
  },
  {
    row: 2,
    group: '健全长效管理机制',
    groupFrom: 'list',
    text: '建立健全县级“总点长”调度机制，“总点长”每半年听取1次“点长”的工作汇报，“点长”每月至少要到安置点调研指导2次。',
    lead: '县乡村振兴局',
    responsible: '县发改委，有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '长期坚持',
  },
  {
    row: 3,
    group: '健全长效管理机制',
    groupFrom: 'list',
    text: '搬迁群众(含同步搬迁)中的“三类人员”迁出地和迁入地都要安排结对帮扶干部开展帮扶。',
    lead: '县乡村振兴局',
    responsible: '县委组织部，有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '2022年3月底前',
  },
  {
    row: 4,
    group: '健全长效管理机制',
    groupFrom: 'list',
    text: '安置点管理人员要加强对安置点内搬迁群众迁出地村(居)干部的联系，建立微信工作群。',
    lead: '县乡村振兴局',
    responsible: '有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '2022年3月底前',
  },
  {
    row: 5,
    group: '加强返贫监测帮扶',
    groupFrom: 'list',
    text: '各行业部门每个月开展1次数据比对，将预警信息反馈给安置点，安置点对相关信息进行入户核实，召开会议进行综合研判。',
    lead: '县乡村振兴局',
    responsible:
      '县发改委、县人社局、县教科局、县住建局、县水利局、县民政局、县医保局、有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '每月25日前',
  },
  {
    row: 6,
    group: '加强返贫监测帮扶',
    groupFrom: 'list',
    text: '安置点和分散安置户每个月开展1次回访并建立台账。',
    lead: '县乡村振兴局',
    responsible: '有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '每月月底前',
  },
  {
    row: 7,
    group: '加强返贫监测帮扶',
    groupFrom: 'list',
    text: '每个月更新一次“三类人员”监测和帮扶台账，完善帮扶方案和举措，做到应纳尽纳、应帮尽帮、能消则消、能退则退。',
    lead: '县乡村振兴局',
    responsible: '有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '次月3日前',
  },
  {
    row: 8,
    group: '优化后续扶持政策',
    groupFrom: 'list',
    text: '梳理搬迁群众现有帮扶政策。',
    lead: '县乡村振兴局',
    responsible: '有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '2022年3月底前',
  },
  {
    row: 9,
    group: '优化后续扶持政策',
    groupFrom: 'list',
    text: '分类制作政策明白卡，发放给搬迁群众。',
    lead: '县乡村振兴局',
    responsible: '有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '2022年4月底前',
  },
  {
    row: 10,
    group: '优化后续扶持政策',
    groupFrom: 'list',
    text: '探索出台一些本土的扶持政策或优惠政策。',
    lead: '县乡村振兴局',
    responsible: '有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '2022年6月底前',
  },
  {
    row: 11,
    group: '强化产业发展扶持',
    groupFrom: 'list',
    text: '安置人口200人及以上的安置点至少要选准1个产业，建设1个产业基地。',
    lead: '县农业农村局',
    responsible: '县林业局、县文广旅游局、县乡村振兴局、县发改委、有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '2022年10月底前',
  },
  {
    row: 12,
    group: '强化产业发展扶持',
    groupFrom: 'list',
    text: '在有条件的安置点设置消费帮扶馆。',
    lead: '县发改委',
    responsible: '县农业农村局、县商务局、县乡村振兴局、县关工委、有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '2022年10月底前',
  },
  {
    row: 13,
    group: '强化产业发展扶持',
    groupFrom: 'list',
    text: '鼓励搬迁群众开办网上商店、直播带货等。',
    lead: '县商务局',
    responsible: '县乡村振兴局、县发改局、有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '2022年12月底前',
  },
  {
    row: 14,
    group: '拓宽稳岗就业途径',
    groupFrom: 'list',
    text: '安置点每年至少组织开展1次技能培训。',
    lead: '县人社局',
    responsible:
      '县教科体局、县农业农 村局、县工商联、县乡 振兴局、县委、县发改 委、有关乡(镇)党委、政 府、有关城市社区党工委、 管委会',
    deadline: '2022年6月 底前',
  },
  {
    row: 15,
    group: '拓宽稳岗就业途径',
    groupFrom: 'list',
    text: '将公共就业服务纳入安置点综合服务窗口。',
    lead: '县人社局',
    responsible: '县乡村振兴局、县发改 委、有关乡(镇)党委、 政府、城市社区党工委、 管委会',
    deadline: '2022年12 月底前',
  },
  {
    row: 16,
    group: '拓宽稳岗就业途径',
    groupFrom: 'list',
    text: '安置点内及时发布岗位招工用工信息。',
    lead: '县人社局',
    responsible: '县乡村振兴局、县发改 委、有关乡(镇)党委、 政府、城市社区党工委、 管委会',
    deadline: '长期坚持',
  },
  {
    row: 17,
    group: '拓宽稳岗就业途径',
    groupFrom: 'list',
    text: '管好用好安置点内就业帮扶车间,每季度进行一次监测。',
    lead: '县乡村振兴局',
    responsible: '县人社局、县发改 委、有关乡(镇)党委、政 府、有关城市社区党工委、 管委会',
    deadline: '每季度最后 一个月前',
  },
  {
    row: 18,
    group: '拓宽稳岗就业途径',
    groupFrom: 'list',
    text: '在安置点内开发一批公益岗位,优先安排搬迁群众就业。',
    lead: '县人社局',
    responsible:
      '县财政局、县林业局、 县水利局、县农业农 村局、县委宣传部、县乡 振兴局、县委、县发改 委、有关乡(镇)党委、政 府、有关城市社区党工委、 管委会',
    deadline: '2022年6月 底前',
  },
  {
    row: 19,
    group: '完善配套设施建设',
    groupFrom: 'body',
    text: '完善安置点基础设施建设并做好日常管护，年内至少打造2个示范安置点。',
    lead: '县乡村振兴局、县发改局',
    responsible:
      '县交通运输局、县水利局、县生态环境局、县住建局、县农业农村局、县市场监管局、县城管局、县消防救援支队、县民政局、县消协、乡(镇)党委、政府，有关城市社区党工委、管委会',
    deadline: '2022年12月底前',
  },
  {
    row: 20,
    group: '完善配套设施建设',
    groupFrom: 'body',
    text: '安置点周边新建、改扩建一批公共服务设施。',
    lead: '县乡村振兴局、县发改局',
    responsible:
      '县财政局、县教科体局、县卫健委、县民政局、县市场监管局、有关乡(镇)党委、政府，有关城市社区党工委、管委会',
    deadline: '2022年12月底前',
  },
  {
    row: 21,
    group: '完善配套设施建设',
    groupFrom: 'body',
    text: '安置点每月集中开展1次人居环境整治、生活垃圾和污水治理。',
    lead: '县农业农村局',
    responsible: '县住建局、县卫健委、县生态环境局、有关乡(镇)党委、政府，有关城市社区党工委、管委会',
    deadline: '每月月底前',
  },
  {
    row: 22,
    group: '提升管理服务水平',
    groupFrom: 'body',
    text: '选优配强安置点所在社区居委会“两委”班子。',
    lead: '县委组织部',
    responsible: '县民政局、有关乡(镇)党委、政府，有关城市社区党工委、管委会',
    deadline: '2022年6月底前',
  },
  {
    row: 23,
    group: '提升管理服务水平',
    groupFrom: 'body',
    text: '组织安置点内党员正常开展组织生活，有条件的安置点要发展党员。',
    lead: '县委组织部',
    responsible: '有关乡(镇)党委、政府，有关城市社区党工委、管委会',
    deadline: '长期坚持',
  },
  {
    row: 24,
    group: '提升管理水平',
    groupFrom: 'list',
    text: '年内至少组织安置点管理人员开展1次业务培训。',
    lead: '县乡村振兴局',
    responsible: '有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '2022年6月底前',
  },
  {
    row: 25,
    group: '提升管理水平',
    groupFrom: 'list',
    text: '每月开展1次地质灾害、住房安全和消防安全排查,建立排查台账,及时消除各类安全隐患。',
    lead: '县住建局',
    responsible:
      '县自然资源局、县乡村振兴局、县发改委、有关乡(镇)消防救援支队、有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '每月月底前',
  },
  {
    row: 26,
    group: '提升管理水平',
    groupFrom: 'list',
    text: '严格管控搬迁群众加层扩建,严格执行相关的审批程序。',
    lead: '县住建局',
    responsible: '县自然资源局、县乡村振兴局、县发改委、有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '长期坚持',
  },
  {
    row: 27,
    group: '提升管理水平',
    groupFrom: 'list',
    text: '全面摸清安置点内闲置套房、车库、店面、杂物间等的数量和权属，并建立台账。',
    lead: '县乡村振兴局',
    responsible: '县住建局、县自然资源局、县发改委、有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '2022年3月底前',
  },
  {
    row: 28,
    group: '提升管理水平',
    groupFrom: 'list',
    text: '安置人口200人及以上的安置点年集体经济达1万元以上。',
    lead: '县乡村振兴局',
    responsible:
      '县委组织部、县住建局、县民政局、县文广新旅局、县农业农村局、县文广新旅局、县发改委、有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '2022年12月底前',
  },
  {
    row: 29,
    group: '促进社区生活融入',
    groupFrom: 'list',
    text: '安置点对季节性返回迁出地发展种养业的搬迁群众进行登记备案,并让搬迁群众签订承诺书,，保证在迁出地发展产业期间居住安全住房。',
    lead: '县乡村振兴局',
    responsible: '县住建局、县发改委、有关乡(镇)党委、政府，城市社区党工委、管委会',
    deadline: '长期坚持',
  },
  {
    row: 36,
    group: '完善考核机制',
    groupFrom: 'list',
    text: '将巩固拓展脱贫攻坚成果同乡村振兴有效衔接纳入全县考核范围，纳入有效衔接工作考核。完成考核指标的制定、考核办法的完善、考核结果的运用。',
    lead: '县乡村振兴局',
    responsible: '县发改委、有关乡（镇）党委、政府，城市社区党工委、管委会',
    deadline: '长期坚持',
  },
  {
    row: 37,
    group: '强化总结宣传',
    groupFrom: 'list',
    text: '及时总结提炼在易地扶贫搬迁后续扶持工作中的好经验、好做法，形成书面材料上报县级。',
    lead: '县乡村振兴局、县发改委',
    responsible: '有关乡（镇）党委、政府，城市社区党工委、管委会',
    deadline: '长期坚持',
  },
];
