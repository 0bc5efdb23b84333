/**
 * Demo resettlement sites in Shicheng's real townships and villages. Site names, addresses and coordinates
 * are illustrative (synthetic), not the county's records.
 */
export interface DemoSite {
  key: string;
  name: string;
  townshipCode: string;
  villageCode: string | null;
  type: '城镇安置区' | '中心集镇' | '中心村' | '工业园区';
  address: string;
  latitude: number;
  longitude: number;
  hasCommittee: boolean;
  urbanCommunity: boolean;
  serviceWindow?: string;
  facilities?: string;
}

export const demoSites: DemoSite[] = [
  { key: 'chengnan', name: '城南幸福家园安置区', townshipCode: '360735100000', villageCode: '360735100003', type: '城镇安置区', address: '琴江镇城南大道 88 号', latitude: 26.3147, longitude: 116.3468, hasCommittee: true, urbanCommunity: true, serviceWindow: '社区党群服务中心一楼便民窗口', facilities: '道路、路灯、监控、充电桩、农贸市场、垃圾分类点' },
  { key: 'liancheng', name: '莲城新居安置区', townshipCode: '360735100000', villageCode: '360735100004', type: '城镇安置区', address: '琴江镇莲城路 16 号', latitude: 26.3291, longitude: 116.3389, hasCommittee: true, urbanCommunity: true, serviceWindow: '莲城社区便民服务站', facilities: '道路、排水、路灯、消防器材' },
  { key: 'dongcheng', name: '东城和美小区', townshipCode: '360735100000', villageCode: '360735100002', type: '城镇安置区', address: '琴江镇东城大道 203 号', latitude: 26.3335, longitude: 116.3577, hasCommittee: false, urbanCommunity: true },
  { key: 'xiaosong', name: '小松莲乡苑安置点', townshipCode: '360735101000', villageCode: '360735101002', type: '中心集镇', address: '小松镇莲乡苑', latitude: 26.2741, longitude: 116.2987, hasCommittee: true, urbanCommunity: false },
  { key: 'pingshan', name: '屏山集镇安置点', townshipCode: '360735102000', villageCode: '360735102001', type: '中心集镇', address: '屏山镇圩镇新街', latitude: 26.4573, longitude: 116.3861, hasCommittee: false, urbanCommunity: false },
  { key: 'changjiang', name: '长江村安置点', townshipCode: '360735102000', villageCode: '360735102201', type: '中心村', address: '屏山镇长江村', latitude: 26.4682, longitude: 116.4012, hasCommittee: false, urbanCommunity: false },
  { key: 'hengjiang', name: '横江圩镇安置点', townshipCode: '360735103000', villageCode: '360735103001', type: '中心集镇', address: '横江镇横市街', latitude: 26.2312, longitude: 116.4218, hasCommittee: true, urbanCommunity: false },
  { key: 'gaotian', name: '高田镇区安置点', townshipCode: '360735104000', villageCode: '360735104001', type: '中心集镇', address: '高田镇高田街', latitude: 26.4067, longitude: 116.2412, hasCommittee: false, urbanCommunity: false },
  { key: 'ganjiangyuan', name: '赣江源安置小区', townshipCode: '360735105000', villageCode: '360735105001', type: '中心集镇', address: '赣江源镇圩镇', latitude: 26.0998, longitude: 116.3025, hasCommittee: true, urbanCommunity: false },
  { key: 'mulan', name: '木兰乡安置点', townshipCode: '360735200000', villageCode: '360735200001', type: '中心集镇', address: '木兰乡木兰街', latitude: 26.2035, longitude: 116.2421, hasCommittee: false, urbanCommunity: false },
  { key: 'fengshan', name: '丰山乡丰华安置点', townshipCode: '360735201000', villageCode: '360735201001', type: '中心集镇', address: '丰山乡丰华路', latitude: 26.4231, longitude: 116.4567, hasCommittee: false, urbanCommunity: false },
  { key: 'dayou', name: '大由乡安置点', townshipCode: '360735202000', villageCode: '360735202001', type: '中心集镇', address: '大由乡大由街', latitude: 26.3812, longitude: 116.5123, hasCommittee: false, urbanCommunity: false },
  { key: 'industrial', name: '工业园区公寓安置点', townshipCode: '360735100000', villageCode: '360735100005', type: '工业园区', address: '琴江镇工业园区', latitude: 26.3412, longitude: 116.3245, hasCommittee: false, urbanCommunity: true },
];
