-- The sample lake, built from the five source documents in lake-src/seeds/.
--
-- Run by `qlake lake build-sample` (see docs/schema.md). The builder sets the variable `seed_dir` and then reads the
-- tables this script leaves behind (`lake_<table>`), checks every quote, and writes one Parquet file per table.
--
-- Real rows name a source and an *anchor*: a short string that occurs exactly once in that source. The builder turns
-- the anchor into `source_quote`, the whole sentence (or table row) around it, copied verbatim. Synthetic rows are
-- computed here with deterministic arithmetic, carry the source of the published total they sit under, and are
-- flagged `is_synthetic = true`.

-- ---------------------------------------------------------------------------------------------------------------
-- Sources
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE src_sources (source_id VARCHAR, file VARCHAR, title_zh VARCHAR, title_en VARCHAR, publisher VARCHAR,
    published_on DATE, date_note VARCHAR, anchor VARCHAR);
INSERT INTO src_sources VALUES
 ('hb-wqb-2020', '000_4718f05142d5b26f.txt',
  '湖北深入实施“万千百”质量提升工程 78个省级项目惠及121个产业集群的18558家企业',
  'Hubei deepens its "10k-1k-100" quality-improvement programme: 78 provincial projects reach 18,558 enterprises in 121 clusters',
  '中国质量报 (China Quality News)', DATE '2020-09-02', NULL, '78个省级项目惠及'),
 ('ah-2018-quality-year', '001_eb9b65a4322bffff.txt',
  '安徽2018年全面开展“质量提升行动年”活动',
  'Anhui launches its 2018 "quality improvement year" (traditional script)',
  '中国质量报 (China Quality News)', NULL, 'press conference of 29 March 2018; the text gives no publication date', '3月29日'),
 ('huangshi-2024-quality-month', '002_270bb36e5896b433.txt',
  '黄石市2024年“质量月”活动',
  'Huangshi (Hubei) quality month, September 2024',
  '黄石市 (Huangshi city news; author 王璐, editor 吉星)', NULL, 'after 30 September 2024; the text gives no publication date', '金秋九月'),
 ('hb-2022-wqbsy-notice', '003_52ae45b668ed07e3.txt',
  '省市场监管局关于开展2022年度“万千百十一”质量提升活动的通知',
  'Hubei market-regulation bureau: notice on the 2022 "10k-1k-100-10-1" quality-improvement campaign',
  '湖北省市场监督管理局 (Hubei Provincial Administration for Market Regulation)', DATE '2022-03-11', NULL, '2022年3月11日'),
 ('cqn-quality-chain-2024', '004_4eb16f80512fd49f.txt',
  '各地质量强链工作（江苏、广东、安徽、福建、湖北、山东、辽宁、陕西）',
  'Quality-strengthens-the-chain work in eight provinces (traditional script)',
  '中国质量报 (China Quality News; 徐建华, 何可)', NULL, '2024 (reports Hubei''s regulation passed on 25 July 2024 as "this year")', '本版稿件由本報記者');

-- ---------------------------------------------------------------------------------------------------------------
-- Provinces (ISO 3166-2 codes)
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE src_provinces (province_code VARCHAR, name_zh VARCHAR, name_en VARCHAR, source_id VARCHAR, anchor VARCHAR);
INSERT INTO src_provinces VALUES
 ('CN-HB', '湖北省', 'Hubei', 'hb-wqb-2020', '目前,湖北共有各类产业集群200多个'),
 ('CN-AH', '安徽省', 'Anhui', 'ah-2018-quality-year', '安徽省將全面開展'),
 ('CN-JS', '江苏省', 'Jiangsu', 'cqn-quality-chain-2024', '江蘇制造業(yè)規(guī)模約占全國的1/8'),
 ('CN-GD', '广东省', 'Guangdong', 'cqn-quality-chain-2024', '廣東以質(zhì)為擎'),
 ('CN-FJ', '福建省', 'Fujian', 'cqn-quality-chain-2024', '福建省引導(dǎo)鏈主企業(yè)發(fā)揮'),
 ('CN-SD', '山东省', 'Shandong', 'cqn-quality-chain-2024', '山東省充分發(fā)揮質(zhì)量'),
 ('CN-LN', '辽宁省', 'Liaoning', 'cqn-quality-chain-2024', '遼寧省制定'),
 ('CN-SN', '陕西省', 'Shaanxi', 'cqn-quality-chain-2024', '陜西省以“三個三”');

-- ---------------------------------------------------------------------------------------------------------------
-- Cities (GB/T 2260 codes). Hubei's 17 come from Annex 3 of the 2022 notice; the rest where a source names them.
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE src_cities (city_code VARCHAR, province_code VARCHAR, name_zh VARCHAR, name_en VARCHAR, level VARCHAR,
    source_id VARCHAR, anchor VARCHAR, row_quote BOOLEAN);
INSERT INTO src_cities VALUES
 ('420100', 'CN-HB', '武汉市', 'Wuhan', 'prefecture-level city', 'hb-2022-wqbsy-notice', '武汉' || chr(10) || chr(9) || '3000', true),
 ('420200', 'CN-HB', '黄石市', 'Huangshi', 'prefecture-level city', 'hb-2022-wqbsy-notice', '黄石' || chr(10) || chr(9) || '600', true),
 ('420300', 'CN-HB', '十堰市', 'Shiyan', 'prefecture-level city', 'hb-2022-wqbsy-notice', '十堰' || chr(10) || chr(9) || '600', true),
 ('420600', 'CN-HB', '襄阳市', 'Xiangyang', 'prefecture-level city', 'hb-2022-wqbsy-notice', '襄阳' || chr(10) || chr(9) || '1000', true),
 ('420500', 'CN-HB', '宜昌市', 'Yichang', 'prefecture-level city', 'hb-2022-wqbsy-notice', '宜昌' || chr(10) || chr(9) || '1000', true),
 ('421000', 'CN-HB', '荆州市', 'Jingzhou', 'prefecture-level city', 'hb-2022-wqbsy-notice', '荆州' || chr(10) || chr(9) || '600', true),
 ('420800', 'CN-HB', '荆门市', 'Jingmen', 'prefecture-level city', 'hb-2022-wqbsy-notice', '荆门' || chr(10) || chr(9) || '600', true),
 ('420700', 'CN-HB', '鄂州市', 'Ezhou', 'prefecture-level city', 'hb-2022-wqbsy-notice', '鄂州' || chr(10) || chr(9) || '300', true),
 ('420900', 'CN-HB', '孝感市', 'Xiaogan', 'prefecture-level city', 'hb-2022-wqbsy-notice', '孝感' || chr(10) || chr(9) || '600', true),
 ('421100', 'CN-HB', '黄冈市', 'Huanggang', 'prefecture-level city', 'hb-2022-wqbsy-notice', '黄冈' || chr(10) || chr(9) || '300', true),
 ('421200', 'CN-HB', '咸宁市', 'Xianning', 'prefecture-level city', 'hb-2022-wqbsy-notice', '咸宁' || chr(10) || chr(9) || '300', true),
 ('421300', 'CN-HB', '随州市', 'Suizhou', 'prefecture-level city', 'hb-2022-wqbsy-notice', '随州' || chr(10) || chr(9) || '300', true),
 ('422800', 'CN-HB', '恩施土家族苗族自治州', 'Enshi Tujia and Miao Autonomous Prefecture', 'autonomous prefecture', 'hb-2022-wqbsy-notice', '恩施' || chr(10) || chr(9) || '200', true),
 ('429004', 'CN-HB', '仙桃市', 'Xiantao', 'province-administered city', 'hb-2022-wqbsy-notice', '仙桃' || chr(10) || chr(9) || '200', true),
 ('429006', 'CN-HB', '天门市', 'Tianmen', 'province-administered city', 'hb-2022-wqbsy-notice', '天门' || chr(10) || chr(9) || '150', true),
 ('429005', 'CN-HB', '潜江市', 'Qianjiang', 'province-administered city', 'hb-2022-wqbsy-notice', '潜江' || chr(10) || chr(9) || '200', true),
 ('429021', 'CN-HB', '神农架林区', 'Shennongjia Forestry District', 'forestry district', 'hb-2022-wqbsy-notice', '神农架' || chr(10) || chr(9) || '50', true),
 ('340500', 'CN-AH', '马鞍山市', 'Ma''anshan', 'prefecture-level city', 'cqn-quality-chain-2024', '馬鞍山市當(dāng)涂縣創(chuàng)新推出', false),
 ('341800', 'CN-AH', '宣城市', 'Xuancheng', 'prefecture-level city', 'cqn-quality-chain-2024', '宣城市郎溪縣', false),
 ('320700', 'CN-JS', '连云港市', 'Lianyungang', 'prefecture-level city', 'cqn-quality-chain-2024', '連云港解決', false),
 ('321200', 'CN-JS', '泰州市', 'Taizhou', 'prefecture-level city', 'cqn-quality-chain-2024', '泰州組織90余家', false),
 ('350700', 'CN-FJ', '南平市', 'Nanping', 'prefecture-level city', 'cqn-quality-chain-2024', '南平市竹產(chǎn)業(yè)全產(chǎn)業(yè)鏈產(chǎn)值', false),
 ('350200', 'CN-FJ', '厦门市', 'Xiamen', 'sub-provincial city', 'cqn-quality-chain-2024', '廈門市緊扣光電顯示', false),
 ('350582', 'CN-FJ', '晋江市', 'Jinjiang', 'county-level city', 'cqn-quality-chain-2024', '晉江市建立', false);

-- ---------------------------------------------------------------------------------------------------------------
-- Programmes
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE src_programs (program_id VARCHAR, province_code VARCHAR, name_zh VARCHAR, name_en VARCHAR, kind VARCHAR,
    start_year INTEGER, end_year INTEGER, source_id VARCHAR, anchor VARCHAR);
INSERT INTO src_programs VALUES
 ('HB-WQB', 'CN-HB', '“万千百”质量提升工程', 'Hubei "10k-1k-100" quality-improvement programme', 'campaign', 2018, NULL, 'hb-wqb-2020', '在全省组织实施“万千百”质量提升试点工程'),
 ('HB-WQBSY-2022', 'CN-HB', '2022年度“万千百十一”质量提升活动', 'Hubei 2022 "10k-1k-100-10-1" quality-improvement campaign', 'campaign', 2022, 2022, 'hb-2022-wqbsy-notice', '省局决定开展2022年度'),
 ('HB-CHAIN', 'CN-HB', '产业链质量提升省级示范项目', 'Hubei provincial industry-chain quality demonstration projects', 'quality-chain', 2024, 2024, 'cqn-quality-chain-2024', '遴選實施30個產(chǎn)業(yè)鏈質(zhì)量提升省級示范項目'),
 ('HB-EZD', 'CN-HB', '“鄂质贷”质量融资', 'Hubei "E-quality loan" credit product', 'loan', 2024, NULL, 'huangshi-2024-quality-month', '即湖北省“质量贷”融资业务'),
 ('HB-HS-CQO-2024', 'CN-HB', '黄石2024年度企业首席质量官巡回培训', 'Huangshi 2024 chief-quality-officer training tour', 'training', 2024, 2024, 'huangshi-2024-quality-month', '开展2024年度企业首席质量官巡回培训'),
 ('HB-HS-QM-2024', 'CN-HB', '黄石2024年“质量月”活动', 'Huangshi 2024 quality month', 'campaign', 2024, 2024, 'huangshi-2024-quality-month', '我市积极组织了一系列相关活动'),
 ('HB-QPR', 'CN-HB', '湖北省质量促进条例', 'Hubei Quality Promotion Regulation (passed 25 July 2024)', 'regulation', 2024, NULL, 'cqn-quality-chain-2024', '今年7月25日'),
 ('HB-CJQA', 'CN-HB', '长江质量奖', 'Changjiang (Yangtze) Quality Award', 'award', NULL, NULL, 'huangshi-2024-quality-month', '于2010年荣获湖北省第二届长江质量奖'),
 ('AH-5DEMO-2017', 'CN-AH', '“五大示范”行动（“万千百十”计划）', 'Anhui "five demonstrations" action (10k-1k-100-10 plan)', 'campaign', 2017, 2017, 'ah-2018-quality-year', '以“萬千百十”計劃為目標'),
 ('AH-QY-2018', 'CN-AH', '“质量提升行动年”（“三大行动”）', 'Anhui 2018 quality-improvement year ("three actions")', 'campaign', 2018, 2018, 'ah-2018-quality-year', '全面推進“三大行動”'),
 ('AH-CHAIN', 'CN-AH', '重点产业质量强链行动', 'Anhui key-industry quality-chain action', 'quality-chain', 2024, NULL, 'cqn-quality-chain-2024', '印發(fā)實施重點產(chǎn)業(yè)質(zhì)量強鏈行動方案'),
 ('AH-QLD', 'CN-AH', '当涂县“强链贷”', 'Dangtu county "strong-chain loan"', 'loan', 2024, NULL, 'cqn-quality-chain-2024', '以質(zhì)量金融賦能質(zhì)量強鏈'),
 ('JS-CHAIN', 'CN-JS', '江苏质量强链（21条重点产业链）', 'Jiangsu quality-chain work (21 key chains)', 'quality-chain', 2024, NULL, 'cqn-quality-chain-2024', '聚焦動力電池等21條重點產(chǎn)業(yè)鏈'),
 ('GD-CHAIN', 'CN-GD', '广东质量强链（50条重点产业链）', 'Guangdong quality-chain work (50 key chains)', 'quality-chain', 2024, NULL, 'cqn-quality-chain-2024', '以50條重點產(chǎn)業(yè)鏈為牽引'),
 ('FJ-CHAIN', 'CN-FJ', '福建“链长组织、链主引领、链员协同、机构赋能”质量提升', 'Fujian chain-led quality improvement', 'quality-chain', 2024, NULL, 'cqn-quality-chain-2024', '推行“鏈長組織、鏈主引領(lǐng)'),
 ('SD-CHAIN', 'CN-SD', '山东质量强企强链', 'Shandong quality-strong enterprises and chains', 'quality-chain', 2024, NULL, 'cqn-quality-chain-2024', '形成合力推動質(zhì)量強企、強鏈工作深入實施'),
 ('LN-CHAIN', 'CN-LN', '辽宁16个重点产业链供应链质量联动提升', 'Liaoning quality uplift of 16 key industry chains', 'quality-chain', 2024, NULL, 'cqn-quality-chain-2024', '遼寧省工業(yè)機器人等16個重點產(chǎn)業(yè)鏈'),
 ('SN-CHAIN', 'CN-SN', '陕西一链一策质量强链行动', 'Shaanxi one-chain-one-policy quality-chain action', 'quality-chain', 2024, NULL, 'cqn-quality-chain-2024', '一鏈一策推動23條產(chǎn)業(yè)鏈開展質(zhì)量強鏈行動');

-- ---------------------------------------------------------------------------------------------------------------
-- Hubei's 2021 demonstration projects (Annex 1), with their clusters and cities
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE src_annex1 (seq INTEGER, name_zh VARCHAR, rating_zh VARCHAR, city_code VARCHAR, name_en VARCHAR, cluster_zh VARCHAR,
    cluster_en VARCHAR, industry VARCHAR);
INSERT INTO src_annex1 VALUES
 (1, '武汉电气行业产业集群质量提升', '良好', '420100', 'Wuhan electrical industry cluster quality improvement', '武汉电气行业产业集群', 'Wuhan electrical industry cluster', 'electrical equipment'),
 (2, '武汉激光产业集群质量提升', '良好', '420100', 'Wuhan laser industry cluster quality improvement', '武汉激光产业集群', 'Wuhan laser cluster', 'lasers'),
 (3, '武汉经开区汽车零部件行业质量提升', '优秀', '420100', 'Wuhan Economic Development Zone auto parts quality improvement', '武汉经开区汽车零部件行业', 'Wuhan EDZ auto parts', 'auto parts'),
 (4, '大冶市换热器产业集群质量提升', '良好', '420200', 'Daye heat exchanger cluster quality improvement', '大冶市换热器产业集群', 'Daye heat exchanger cluster', 'heat exchangers'),
 (5, '十堰市（房县）酿酒和发酵产业集群质量提升', '良好', '420300', 'Shiyan (Fang county) brewing and fermentation cluster quality improvement', '十堰市（房县）酿酒和发酵产业集群', 'Shiyan (Fang county) brewing and fermentation cluster', 'brewing and fermentation'),
 (6, '竹山绿松石产业集群质量提升', '良好', '420300', 'Zhushan turquoise cluster quality improvement', '竹山绿松石产业集群', 'Zhushan turquoise cluster', 'turquoise'),
 (7, '枝江市姚家港化工园化工产品质量提升', '优秀', '420500', 'Zhijiang Yaojiagang chemical park product quality improvement', '枝江市姚家港化工园', 'Zhijiang Yaojiagang chemical park', 'chemicals'),
 (8, '洪湖市水生蔬菜产业集群质量提升', '优秀', '421000', 'Honghu aquatic vegetable cluster quality improvement', '洪湖市水生蔬菜产业集群', 'Honghu aquatic vegetable cluster', 'aquatic vegetables'),
 (9, '荆门市纺织类企业质量提升', '优秀', '420800', 'Jingmen textile enterprises quality improvement', '荆门市纺织类企业', 'Jingmen textile enterprises', 'textiles'),
 (10, '鄂州市新型墙体材料行业质量提升', '良好', '420700', 'Ezhou new wall materials quality improvement', '鄂州市新型墙体材料行业', 'Ezhou new wall materials', 'building materials'),
 (11, '汉川市食品生产产业质量提升', '优秀', '420900', 'Hanchuan food production quality improvement', '汉川市食品生产产业', 'Hanchuan food production', 'food'),
 (12, '孝感市孝南区纸制品产品质量提升', '优秀', '420900', 'Xiaonan district (Xiaogan) paper products quality improvement', '孝感市孝南区纸制品产业', 'Xiaonan paper products', 'paper products'),
 (13, '崇阳县钒产业集群质量提升', '良好', '421200', 'Chongyang vanadium cluster quality improvement', '崇阳县钒产业集群', 'Chongyang vanadium cluster', 'vanadium'),
 (14, '咸宁高新区智能机电产业集群质量提升', '良好', '421200', 'Xianning high-tech zone smart electromechanical cluster quality improvement', '咸宁高新区智能机电产业集群', 'Xianning smart electromechanical cluster', 'electromechanical'),
 (15, '随州香稻产业集群质量提升', '良好', '421300', 'Suizhou fragrant rice cluster quality improvement', '随州香稻产业集群', 'Suizhou fragrant rice cluster', 'rice'),
 (16, '神农架神农酒业产业集群质量提升', '良好', '429021', 'Shennongjia liquor cluster quality improvement', '神农架神农酒业产业集群', 'Shennongjia liquor cluster', 'liquor'),
 (17, '襄州区智能轨道交通产业集群质量提升', '优秀', '420600', 'Xiangzhou smart rail transit cluster quality improvement', '襄州区智能轨道交通产业集群', 'Xiangzhou smart rail transit cluster', 'rail transit'),
 (18, '黄冈麻城菊花产业集群质量提升', '合格', '421100', 'Macheng (Huanggang) chrysanthemum cluster quality improvement', '黄冈麻城菊花产业集群', 'Macheng chrysanthemum cluster', 'chrysanthemum'),
 (19, '恩施玉露茶产业集群质量提升', '良好', '422800', 'Enshi Yulu tea cluster quality improvement', '恩施玉露茶产业集群', 'Enshi Yulu tea cluster', 'tea'),
 (20, '天门环保专用装备质量提升', '良好', '429006', 'Tianmen environmental protection equipment quality improvement', '天门环保专用装备产业', 'Tianmen environmental equipment', 'environmental equipment'),
 (21, '十堰张湾汽车零部件（智能装备）产业集群质量提升', '良好', '420300', 'Zhangwan (Shiyan) auto parts (smart equipment) cluster quality improvement', '十堰张湾汽车零部件（智能装备）产业集群', 'Zhangwan auto parts (smart equipment) cluster', 'auto parts'),
 (22, '夷陵区食品医药包装产业质量提升', '合格', '420500', 'Yiling district food and pharmaceutical packaging quality improvement', '夷陵区食品医药包装产业', 'Yiling food and pharmaceutical packaging', 'packaging'),
 (23, '通城县涂附磨具产业集群质量提升', '良好', '421200', 'Tongcheng coated abrasives cluster quality improvement', '通城县涂附磨具产业集群', 'Tongcheng coated abrasives cluster', 'abrasives'),
 (24, '仙桃市防护物资产业质量提升', '良好', '429004', 'Xiantao protective supplies quality improvement', '仙桃市防护物资产业', 'Xiantao protective supplies', 'protective supplies'),
 (25, '潜江小龙虾食品工业集群质量提升', '合格', '429005', 'Qianjiang crayfish food cluster quality improvement', '潜江小龙虾食品工业集群', 'Qianjiang crayfish food cluster', 'crayfish food'),
 (26, '荆门市“荆品名门”农产品区域公用品牌质量提升', '延迟验收', '420800', 'Jingmen "Jingpin Mingmen" regional agricultural brand quality improvement', '荆门市“荆品名门”农产品区域公用品牌', 'Jingmen regional agricultural brand', 'agricultural products');

CREATE TABLE rating_labels (rating VARCHAR, rating_zh VARCHAR, rank INTEGER);
INSERT INTO rating_labels VALUES ('excellent', '优秀', 1), ('good', '良好', 2), ('pass', '合格', 3), ('deferred', '延迟验收', 4);

CREATE TABLE tier_labels (tier VARCHAR, tier_en VARCHAR);
INSERT INTO tier_labels VALUES ('万', '10k SMEs improving quality'), ('千', '1k enterprises adopting advanced quality management'),
 ('百', '100 benchmark enterprises'), ('十', '10 pilot-test platforms'), ('一', 'one-stop service stations');

-- ---------------------------------------------------------------------------------------------------------------
-- Chains and clusters
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE src_chains (chain_id VARCHAR, province_code VARCHAR, city_code VARCHAR, name_zh VARCHAR, name_en VARCHAR,
    kind VARCHAR, industry VARCHAR, source_id VARCHAR, anchor VARCHAR);
INSERT INTO src_chains
 SELECT printf('HB-CL-2021-%02d', seq), 'CN-HB', city_code, cluster_zh, cluster_en,
        CASE WHEN cluster_zh LIKE '%集群%' THEN 'industrial cluster' ELSE 'industry' END, industry,
        'hb-2022-wqbsy-notice', '@annex1:' || seq
 FROM src_annex1;
INSERT INTO src_chains VALUES
 ('HB-CL-DY-CERAMIC', 'CN-HB', '420500', '当阳市建筑陶瓷产业集群', 'Dangyang building ceramics cluster', 'industrial cluster', 'building ceramics', 'hb-wqb-2020', '湖北省当阳市建筑陶瓷产业集群'),
 ('HB-CL-XT-MAOZUI', 'CN-HB', '429004', '仙桃毛嘴休闲服装产业园', 'Xiantao Maozui casual garment park', 'industrial cluster', 'garments', 'hb-wqb-2020', '仙桃毛嘴休闲服装产业园集聚生产企业168家'),
 ('HB-CL-DAWU-TEA', 'CN-HB', '420900', '大悟茶业产业集群', 'Dawu tea cluster', 'industrial cluster', 'tea', 'hb-wqb-2020', '在大悟茶业产业集群进行'),
 ('HB-CL-SZ-SPV', 'CN-HB', '421300', '随州专用车产业', 'Suizhou special-purpose vehicle industry', 'industrial cluster', 'special-purpose vehicles', 'hb-wqb-2020', '随州专用车产业通过持续开展质量提升活动'),
 ('HB-CL-JZ-CENHE', 'CN-HB', '421000', '荆州岑河婴童装产业集群', 'Jingzhou Cenhe children''s wear cluster', 'industrial cluster', 'children''s wear', 'hb-2022-wqbsy-notice', '以荆州岑河婴童装产业集群为试点区域'),
 ('HB-CH-SOFTWARE', 'CN-HB', NULL, '软件和信息服务产业链', 'Software and information services chain', 'industry chain', 'software', 'hb-2022-wqbsy-notice', '开展软件和信息服务产业链质量提升行动'),
 ('HB-CH-EVCHARGE', 'CN-HB', NULL, '电动汽车充电设施产业', 'Electric-vehicle charging equipment', 'industry chain', 'EV charging', 'hb-2022-wqbsy-notice', '基于工业互联网电动汽车充电设施设备全生命周期质量提升技术研究'),
 ('HB-CH-PPE', 'CN-HB', NULL, '医疗防护物资产业', 'Medical protective supplies industry', 'industry chain', 'protective supplies', 'hb-wqb-2020', '组织开展了医疗防护物资产业质量提升行动'),
 ('JS-CH-BATTERY', 'CN-JS', NULL, '动力电池产业链', 'Power battery chain', 'industry chain', 'power batteries', 'cqn-quality-chain-2024', '聚焦動力電池等21條重點產(chǎn)業(yè)鏈'),
 ('GD-CH-SMARTEQ', 'CN-GD', NULL, '智能装备制造（新兴产业领域）', 'Smart equipment manufacturing (emerging industry field)', 'emerging industry field', 'smart equipment', 'cqn-quality-chain-2024', '廣東聚焦智能裝備制造、新型儲能等15個新興產(chǎn)業(yè)領(lǐng)域'),
 ('GD-CH-STORAGE', 'CN-GD', NULL, '新型储能（新兴产业领域）', 'New energy storage (emerging industry field)', 'emerging industry field', 'energy storage', 'cqn-quality-chain-2024', '廣東聚焦智能裝備制造、新型儲能等15個新興產(chǎn)業(yè)領(lǐng)域'),
 ('AH-CH-NEV', 'CN-AH', NULL, '新能源汽车产业链', 'New-energy vehicle chain', 'industry chain', 'new-energy vehicles', 'cqn-quality-chain-2024', '首批圍繞新能源汽車'),
 ('AH-CH-PV', 'CN-AH', NULL, '先进光伏和新型储能产业链', 'Advanced photovoltaics and energy storage chain', 'industry chain', 'photovoltaics', 'cqn-quality-chain-2024', '首批圍繞新能源汽車'),
 ('AH-CH-QUANTUM', 'CN-AH', NULL, '量子信息产业链', 'Quantum information chain', 'industry chain', 'quantum information', 'cqn-quality-chain-2024', '首批圍繞新能源汽車'),
 ('AH-CH-AI', 'CN-AH', NULL, '人工智能产业链', 'Artificial intelligence chain', 'industry chain', 'artificial intelligence', 'cqn-quality-chain-2024', '首批圍繞新能源汽車'),
 ('AH-CH-DT-HEALTH', 'CN-AH', '340500', '当涂县生命健康产业链', 'Dangtu life-health chain', 'industry chain', 'life health', 'cqn-quality-chain-2024', '向生命健康、智能家電兩大縣域主導(dǎo)產(chǎn)業(yè)鏈'),
 ('AH-CH-DT-APPLIANCE', 'CN-AH', '340500', '当涂县智能家电产业链', 'Dangtu smart home appliance chain', 'industry chain', 'home appliances', 'cqn-quality-chain-2024', '向生命健康、智能家電兩大縣域主導(dǎo)產(chǎn)業(yè)鏈'),
 ('FJ-CH-NEWENERGY', 'CN-FJ', NULL, '新能源产业链', 'New energy chain', 'industry chain', 'new energy', 'cqn-quality-chain-2024', '寧德時代作為新能源產(chǎn)業(yè)鏈的鏈主企業(yè)'),
 ('FJ-CH-BEER', 'CN-FJ', NULL, '啤酒供应链', 'Beer supply chain', 'industry chain', 'beer', 'cqn-quality-chain-2024', '啤酒供應(yīng)鏈生態(tài)戰(zhàn)略聯(lián)盟'),
 ('FJ-CH-JJ-SHOES', 'CN-FJ', '350582', '晋江鞋服产业链', 'Jinjiang footwear and apparel chain', 'industry chain', 'footwear and apparel', 'cqn-quality-chain-2024', '鞋服產(chǎn)業(yè)鏈供應(yīng)鏈質(zhì)量創(chuàng)新提升聯(lián)盟'),
 ('FJ-CH-NP-BAMBOO', 'CN-FJ', '350700', '南平全竹利用产业链', 'Nanping whole-bamboo chain', 'industry chain', 'bamboo', 'cqn-quality-chain-2024', '打造全竹利用產(chǎn)業(yè)鏈'),
 ('FJ-CH-XM-DISPLAY', 'CN-FJ', '350200', '厦门光电显示产业链', 'Xiamen optoelectronic display chain', 'industry chain', 'displays', 'cqn-quality-chain-2024', '光電顯示產(chǎn)業(yè)鏈供應(yīng)鏈質(zhì)量聯(lián)動提升項目'),
 ('LN-CH-ROBOT', 'CN-LN', NULL, '工业机器人产业链', 'Industrial robot chain', 'industry chain', 'industrial robots', 'cqn-quality-chain-2024', '遼寧省工業(yè)機器人等16個重點產(chǎn)業(yè)鏈'),
 ('SN-CH-HYDROGEN', 'CN-SN', NULL, '氢能产业链（省级示范链）', 'Hydrogen chain (provincial demonstration)', 'industry chain', 'hydrogen', 'cqn-quality-chain-2024', '確定氫能、白酒、羊乳3條省級示范鏈'),
 ('SN-CH-BAIJIU', 'CN-SN', NULL, '白酒产业链（省级示范链）', 'Baijiu chain (provincial demonstration)', 'industry chain', 'baijiu', 'cqn-quality-chain-2024', '確定氫能、白酒、羊乳3條省級示范鏈'),
 ('SN-CH-GOATMILK', 'CN-SN', NULL, '羊乳产业链（省级示范链）', 'Goat milk chain (provincial demonstration)', 'industry chain', 'goat milk', 'cqn-quality-chain-2024', '確定氫能、白酒、羊乳3條省級示范鏈'),
 ('SN-CH-PV', 'CN-SN', NULL, '光伏产业链（市级）', 'Photovoltaics chain (municipal)', 'industry chain', 'photovoltaics', 'cqn-quality-chain-2024', '確定光伏、航天發(fā)動機、中藥等20條市級產(chǎn)業(yè)鏈'),
 ('SN-CH-AEROENGINE', 'CN-SN', NULL, '航天发动机产业链（市级）', 'Aerospace engine chain (municipal)', 'industry chain', 'aerospace engines', 'cqn-quality-chain-2024', '確定光伏、航天發(fā)動機、中藥等20條市級產(chǎn)業(yè)鏈'),
 ('SN-CH-TCM', 'CN-SN', NULL, '中药产业链（市级）', 'Traditional Chinese medicine chain (municipal)', 'industry chain', 'traditional medicine', 'cqn-quality-chain-2024', '確定光伏、航天發(fā)動機、中藥等20條市級產(chǎn)業(yè)鏈');

-- Synthetic chains that fill the published chain counts: Liaoning 16, Shaanxi 23 (3 provincial + 20 municipal).
CREATE TABLE syn_chains AS
 SELECT printf('LN-CH-SYN-%02d', i) AS chain_id, 'CN-LN' AS province_code, NULL::VARCHAR AS city_code,
        printf('辽宁重点产业链 %02d（合成）', i) AS name_zh, printf('Liaoning key chain %02d (synthetic)', i) AS name_en,
        'industry chain' AS kind, 'unspecified' AS industry, 'cqn-quality-chain-2024' AS source_id,
        '遼寧省工業(yè)機器人等16個重點產(chǎn)業(yè)鏈' AS anchor
 FROM range(2, 17) t(i)
 UNION ALL
 SELECT printf('SN-CH-SYN-%02d', i), 'CN-SN', NULL, printf('陕西市级产业链 %02d（合成）', i),
        printf('Shaanxi municipal chain %02d (synthetic)', i), 'industry chain', 'unspecified', 'cqn-quality-chain-2024',
        '一鏈一策推動23條產(chǎn)業(yè)鏈開展質(zhì)量強鏈行動'
 FROM range(7, 24) t(i);

-- ---------------------------------------------------------------------------------------------------------------
-- Projects
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE src_projects (project_id VARCHAR, program_id VARCHAR, province_code VARCHAR, city_code VARCHAR, chain_id VARCHAR,
    year INTEGER, kind VARCHAR, title_zh VARCHAR, title_en VARCHAR, service_org VARCHAR, budget_yuan DECIMAL(18,2), source_id VARCHAR, anchor VARCHAR);
INSERT INTO src_projects
 SELECT printf('HB-2021-%02d', seq), 'HB-WQB', 'CN-HB', city_code, printf('HB-CL-2021-%02d', seq), 2021, 'demonstration project', name_zh, name_en,
        NULL, NULL, 'hb-2022-wqbsy-notice', '@annex1:' || seq
 FROM src_annex1;
INSERT INTO src_projects VALUES
 ('HB-2018-XT-MAOZUI', 'HB-WQB', 'CN-HB', '429004', 'HB-CL-XT-MAOZUI', 2018, 'demonstration project', '仙桃毛嘴休闲服装产业园质量提升', 'Xiantao Maozui casual garment park quality improvement',
  '上海天祥质量技术服务有限公司', NULL, 'hb-wqb-2020', '上海天祥质量技术服务有限公司(以下简称上海天祥)中标后'),
 ('HB-2018-DY-CERAMIC', 'HB-WQB', 'CN-HB', '420500', 'HB-CL-DY-CERAMIC', 2018, 'demonstration project', '当阳建筑陶瓷产业集群质量提升', 'Dangyang building ceramics cluster quality improvement',
  '湖北省标准化与质量研究院', NULL, 'hb-wqb-2020', '湖北省当阳市建筑陶瓷产业集群在湖北省标准化与质量研究院的技术支撑下'),
 ('HB-2020-XINZHOU-MARKET', 'HB-WQB', 'CN-HB', '420100', NULL, 2020, 'demonstration project', '新洲区农贸市场服务质量提升项目', 'Xinzhou district farmers'' market service quality project',
  NULL, NULL, 'hb-wqb-2020', '启动了农贸市场服务质量提升项目'),
 ('HB-2020-PPE', 'HB-WQB', 'CN-HB', NULL, 'HB-CH-PPE', 2020, 'action', '医疗防护物资产业质量提升行动', 'Medical protective supplies quality action',
  NULL, NULL, 'hb-wqb-2020', '组织开展了医疗防护物资产业质量提升行动'),
 ('HB-2022-CENHE', 'HB-WQBSY-2022', 'CN-HB', '421000', 'HB-CL-JZ-CENHE', 2022, 'demonstration project', '荆州岑河婴童装“互联网+质量+品牌”综合质量提升示范', 'Cenhe children''s wear "internet + quality + brand" demonstration',
  NULL, NULL, 'hb-2022-wqbsy-notice', '以荆州岑河婴童装产业集群为试点区域'),
 ('HB-2022-SOFTWARE', 'HB-WQBSY-2022', 'CN-HB', NULL, 'HB-CH-SOFTWARE', 2022, 'action', '软件和信息服务产业链质量提升行动', 'Software and information services chain quality action',
  NULL, NULL, 'hb-2022-wqbsy-notice', '开展软件和信息服务产业链质量提升行动'),
 ('HB-2022-EVCHARGE', 'HB-WQBSY-2022', 'CN-HB', NULL, 'HB-CH-EVCHARGE', 2022, 'demonstration project', '电动汽车充电设施全生命周期质量提升技术研究及示范应用', 'EV charging equipment life-cycle quality research and demonstration',
  NULL, NULL, 'hb-2022-wqbsy-notice', '基于工业互联网电动汽车充电设施设备全生命周期质量提升技术研究'),
 ('HB-2022-PPE', 'HB-WQBSY-2022', 'CN-HB', NULL, 'HB-CH-PPE', 2022, 'action', '全省防护物资质量提升行动', 'Province-wide protective supplies quality action',
  '广州检验检测认证集团', NULL, 'hb-2022-wqbsy-notice', '继续委托广州检验检测认证集团开展全省防护物资质量提升行动'),
 ('FJ-XM-DISPLAY', 'FJ-CHAIN', 'CN-FJ', '350200', 'FJ-CH-XM-DISPLAY', 2024, 'chain project', '光电显示产业链供应链质量联动提升项目', 'Optoelectronic display chain quality uplift project',
  NULL, NULL, 'cqn-quality-chain-2024', '光電顯示產(chǎn)業(yè)鏈供應(yīng)鏈質(zhì)量聯(lián)動提升項目');

-- Synthetic projects that fill published counts: 12 pilot projects in 2018 (2 named), 20 in 2019, 26 in 2020 (1 named;
-- the 2020 protective-supplies work is an action, not one of the 26). No budget is invented for them: the source gives a
-- 20-30万元 range per project, and its 2018 figure (500万元 for 12 projects) does not fit that range (see reconciliations).
CREATE TABLE hb_cities AS SELECT city_code, row_number() OVER (ORDER BY city_code) - 1 AS k FROM src_cities WHERE province_code = 'CN-HB';
CREATE TABLE syn_projects AS
 WITH plan(year, first_n, last_n, source_id, anchor) AS (VALUES
   (2018, 3, 12, 'hb-wqb-2020', '对12个省级试点工程实施项目制'),
   (2019, 1, 20, 'hb-wqb-2020', '2019年,湖北继续实施的20个省级'),
   (2020, 2, 26, 'hb-wqb-2020', '组织实施26个省级质量提升示范项目'))
 SELECT printf('HB-%d-S%02d', p.year, n) AS project_id, 'HB-WQB' AS program_id, 'CN-HB' AS province_code,
        (SELECT city_code FROM hb_cities WHERE k = (n * 7 + p.year) % 17) AS city_code, NULL::VARCHAR AS chain_id, p.year,
        'demonstration project' AS kind,
        -- 2018's were pilot works (试点工程), the later years' demonstration projects (示范项目), as the source names them.
        CASE WHEN p.year = 2018 THEN printf('%d年度省级质量提升试点工程 %02d（合成）', p.year, n)
             ELSE printf('%d年度省级质量提升示范项目 %02d（合成）', p.year, n) END AS title_zh,
        CASE WHEN p.year = 2018 THEN printf('%d provincial quality pilot work %02d (synthetic)', p.year, n)
             ELSE printf('%d provincial quality demonstration project %02d (synthetic)', p.year, n) END AS title_en,
        NULL::VARCHAR AS service_org,
        NULL::DECIMAL(18,2) AS budget_yuan,
        p.source_id, p.anchor
 FROM plan p, range(p.first_n, p.last_n + 1) t(n);

-- ---------------------------------------------------------------------------------------------------------------
-- Ratings: Annex 1 for 2021 (real); 2019's 5 excellent + 14 good spread over the synthetic 2019 projects.
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE src_ratings AS
 SELECT printf('HB-2021-%02d', a.seq) AS project_id, 2021 AS year, l.rating, l.rating_zh,
        'hb-2022-wqbsy-notice' AS source_id, '@annex1:' || a.seq AS anchor
 FROM src_annex1 a JOIN rating_labels l ON l.rating_zh = a.rating_zh;
CREATE TABLE syn_ratings AS
 SELECT printf('HB-2019-S%02d', n) AS project_id, 2019 AS year,
        CASE WHEN n <= 5 THEN 'excellent' ELSE 'good' END AS rating,
        CASE WHEN n <= 5 THEN '优秀' ELSE '良好' END AS rating_zh,
        'hb-wqb-2020' AS source_id, '评选出优秀项目5个、良好项目14个' AS anchor
 FROM range(1, 20) t(n);

-- Per-aspect acceptance scores: the 2019 acceptance method names its aspects (indicator `acceptance_aspects`) but the
-- sources publish no score and no weight, so the sample lake has none (the table stays for lakes that have them).
CREATE TABLE lake_rating_scores (project_id VARCHAR, year INTEGER, aspect_no INTEGER, aspect_zh VARCHAR, aspect_en VARCHAR,
    max_score INTEGER, score DECIMAL(6,2), source_id VARCHAR, anchor VARCHAR, is_synthetic BOOLEAN);

-- ---------------------------------------------------------------------------------------------------------------
-- Coverage against targets
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE src_annex3 (city_zh VARCHAR, wan INTEGER, qian INTEGER, bai INTEGER);
INSERT INTO src_annex3 VALUES ('武汉', 3000, 350, 25), ('黄石', 600, 60, 7), ('十堰', 600, 50, 7), ('襄阳', 1000, 100, 10),
 ('宜昌', 1000, 100, 10), ('荆州', 600, 60, 6), ('荆门', 600, 60, 7), ('鄂州', 300, 20, 3), ('孝感', 600, 50, 6),
 ('黄冈', 300, 30, 4), ('咸宁', 300, 30, 3), ('随州', 300, 25, 3), ('恩施', 200, 20, 2), ('仙桃', 200, 15, 2),
 ('天门', 150, 12, 2), ('潜江', 200, 15, 2), ('神农架', 50, 3, 1);
CREATE TABLE src_coverage (province_code VARCHAR, city_code VARCHAR, program_id VARCHAR, year INTEGER, tier VARCHAR,
    target BIGINT, actual BIGINT, actual_qualifier VARCHAR, source_id VARCHAR, anchor VARCHAR, actual_anchor VARCHAR);
INSERT INTO src_coverage
 SELECT 'CN-HB', c.city_code, 'HB-WQBSY-2022', 2022, t.tier, t.target, NULL, NULL, 'hb-2022-wqbsy-notice', '@annex3:' || a.city_zh, NULL
 FROM src_annex3 a
 JOIN src_cities c ON c.province_code = 'CN-HB' AND starts_with(c.name_zh, a.city_zh)
 CROSS JOIN LATERAL (VALUES ('万', a.wan), ('千', a.qian), ('百', a.bai)) t(tier, target);
INSERT INTO src_coverage VALUES
 ('CN-HB', NULL, 'HB-WQBSY-2022', 2022, '万', 10000, NULL, NULL, 'hb-2022-wqbsy-notice', '在全省推动10000家中小企业开展质量提升行动', NULL),
 ('CN-HB', NULL, 'HB-WQBSY-2022', 2022, '千', 1000, NULL, NULL, 'hb-2022-wqbsy-notice', '在全省推动10000家中小企业开展质量提升行动', NULL),
 ('CN-HB', NULL, 'HB-WQBSY-2022', 2022, '百', 100, NULL, NULL, 'hb-2022-wqbsy-notice', '在全省推动10000家中小企业开展质量提升行动', NULL),
 ('CN-HB', NULL, 'HB-WQBSY-2022', 2022, '十', 10, NULL, NULL, 'hb-2022-wqbsy-notice', '在全省推动10000家中小企业开展质量提升行动', NULL),
 ('CN-HB', NULL, 'HB-WQBSY-2022', 2022, '一', 150, NULL, NULL, 'hb-2022-wqbsy-notice', '服务站总数达到150个以上', NULL),
 ('CN-HB', NULL, 'HB-WQB', 2018, '万', 10000, 10324, 'exact', 'hb-wqb-2020', '即为10000家中小企业质量提升提供技术服务', '参与企业10324家'),
 ('CN-HB', NULL, 'HB-WQB', 2018, '千', 1000, 1045, 'exact', 'hb-wqb-2020', '即为10000家中小企业质量提升提供技术服务', '参与企业10324家'),
 ('CN-HB', NULL, 'HB-WQB', 2018, '百', 100, 113, 'exact', 'hb-wqb-2020', '即为10000家中小企业质量提升提供技术服务', '参与企业10324家'),
 ('CN-AH', NULL, 'AH-5DEMO-2017', 2017, '万', 10000, 10100, 'more than', 'ah-2018-quality-year', '以“萬千百十”計劃為目標', '以“萬千百十”計劃為目標'),
 ('CN-AH', NULL, 'AH-5DEMO-2017', 2017, '千', 1000, 1000, 'more than', 'ah-2018-quality-year', '以“萬千百十”計劃為目標', '以“萬千百十”計劃為目標');

-- ---------------------------------------------------------------------------------------------------------------
-- Funding (yuan, exact)
-- ---------------------------------------------------------------------------------------------------------------
-- What each kind of money is (the contract's FUNDING_KINDS): the class follows from the kind, in one place.
CREATE TABLE funding_kinds (kind VARCHAR, class VARCHAR);
INSERT INTO funding_kinds VALUES ('programme grant', 'public money'), ('special fund', 'public money'),
 ('local match', 'public money'), ('award subsidy', 'public money'), ('service purchase', 'public money'),
 ('programme spending', 'public money'), ('loan', 'credit'), ('credit line', 'credit'),
 ('enterprise investment', 'enterprise investment'), ('unspecified', 'unspecified');
-- scope: item (one grant, one loan), annual total, cumulative total (to the report's date; `year` is the report's).
-- part_of: the total an amount is inside of, so the two are never added.
CREATE TABLE src_funding (funding_id VARCHAR, program_id VARCHAR, project_id VARCHAR, province_code VARCHAR, year INTEGER,
    kind VARCHAR, scope VARCHAR, part_of VARCHAR, payer VARCHAR, amount_yuan DECIMAL(18,2), qualifier VARCHAR, note VARCHAR,
    source_id VARCHAR, anchor VARCHAR);
INSERT INTO src_funding VALUES
 ('HB-2018-TOTAL', 'HB-WQB', NULL, 'CN-HB', 2018, 'unspecified', 'annual total', NULL, NULL, 58970000, 'exact',
  'all 2018 spending of the 万千百 activities; the source does not say who paid', 'hb-wqb-2020', '投入经费5897万元'),
 ('HB-2018-SERVICES', 'HB-WQB', NULL, 'CN-HB', 2018, 'service purchase', 'annual total', 'HB-2018-TOTAL', 'province', 5000000, 'exact',
  'tendered services of 12 organisations for the 12 pilot projects; taken as part of the 2018 spending (the source does not say so). 12 projects at the 20-30万元 budget cap come to at most 360万元: the source is not consistent with itself, and both figures are kept as published',
  'hb-wqb-2020', '投入500万元公开招标采购'),
 ('HB-2022-ENSHI-TEA', 'HB-WQBSY-2022', 'HB-2021-19', 'CN-HB', 2022, 'special fund', 'item', NULL, 'province', 100000, 'exact',
  '“616” counterpart-support work fund', 'hb-2022-wqbsy-notice', '省局拨付质量提升专项工作经费10万元'),
 ('HB-2024-CHAIN', 'HB-CHAIN', NULL, 'CN-HB', 2024, 'special fund', 'annual total', NULL, 'province', 6000000, 'exact',
  'for 30 chain demonstration projects', 'cqn-quality-chain-2024', '600萬元質(zhì)量提升專項資金支持'),
 ('HB-2024-EZD-HTCABLE', 'HB-EZD', NULL, 'CN-HB', 2024, 'loan', 'item', NULL, 'bank', 50000000, 'exact',
  'first 鄂质贷1 loan, unsecured, by 汉口银行黄石分行 to 湖北航天电缆有限公司', 'huangshi-2024-quality-month', '投放了我市首笔“鄂质贷”贷款5000万元'),
 ('AH-2024-QLD-4FIRMS', 'AH-QLD', NULL, 'CN-AH', 2024, 'credit line', 'cumulative total', NULL, 'bank', 100000000, 'exact',
  'credit granted to 4 chain enterprises so far (a credit line, not money paid out)', 'cqn-quality-chain-2024', '向4家產(chǎn)業(yè)鏈上企業(yè)授信1億元'),
 ('AH-2024-LANGXI-AWARDS', 'AH-CHAIN', NULL, 'CN-AH', 2024, 'award subsidy', 'annual total', NULL, 'county', 24723000, 'exact',
  'Langxi county manufacturing quality awards paid out this year', 'cqn-quality-chain-2024', '2472.3萬元'),
 ('GD-CHAIN-TOTAL', 'GD-CHAIN', NULL, 'CN-GD', 2024, 'programme spending', 'cumulative total', NULL, 'province', 113000000, 'exact',
  'cumulative, for 50 key chains', 'cqn-quality-chain-2024', '廣東累計投入1.13億元'),
 ('SN-CHAIN-TOTAL', 'SN-CHAIN', NULL, 'CN-SN', 2024, 'unspecified', 'cumulative total', NULL, NULL, 150000000, 'more than',
  'cumulative; chain-master and member enterprises and research institutes took part, and the source does not say who paid',
  'cqn-quality-chain-2024', '累計投入經(jīng)費1.5億余元'),
 ('LN-CHAIN-ENTERPRISE', 'LN-CHAIN', NULL, 'CN-LN', 2024, 'enterprise investment', 'cumulative total', NULL, 'enterprise', 870000000, 'about',
  'enterprises'' own investment leveraged by the chain work: not public money', 'cqn-quality-chain-2024', '撬動企業(yè)投入經(jīng)費近8.7億元'),
 ('FJ-XM-QUALITY-INPUT', 'FJ-CHAIN', 'FJ-XM-DISPLAY', 'CN-FJ', 2024, 'unspecified', 'cumulative total', NULL, NULL, 230000000, 'more than',
  'Xiamen display chain''s quality investment; the source does not say who paid', 'cqn-quality-chain-2024', '質(zhì)量投入超2.3億元');
-- 2022: every 2021 project rated excellent gets 20万元 from the province and an equal local match.
INSERT INTO src_funding
 SELECT printf('HB-2022-EXC-%s-%s', r.project_id, s.tag), 'HB-WQBSY-2022', r.project_id, 'CN-HB', 2022, s.kind, 'item', NULL, s.payer,
        200000, 'exact', s.note, 'hb-2022-wqbsy-notice', '省局每个项目拨付专项经费20万元'
 FROM src_ratings r CROSS JOIN (VALUES ('P', 'special fund', 'province', 'provincial special fund for an excellent 2021 project'),
                                        ('L', 'local match', NULL, 'equal local match for an excellent 2021 project, from the market regulator of the place the project is in (a city or a county: the source does not say which)')) s(tag, kind, payer, note)
 WHERE r.rating = 'excellent';
-- Synthetic: budgets of the 2021 projects (third-party services bought by tender) inside the published 20-30万元 range.
CREATE TABLE syn_funding AS
 SELECT printf('HB-2021-BUDGET-%02d', seq) AS funding_id, 'HB-WQB' AS program_id, printf('HB-2021-%02d', seq) AS project_id,
        'CN-HB' AS province_code, 2021 AS year, 'service purchase' AS kind, 'item' AS scope, NULL::VARCHAR AS part_of,
        'province' AS payer, (200000 + ((seq * 53) % 11) * 10000)::DECIMAL(18,2) AS amount_yuan, 'exact' AS qualifier,
        'project budget inside the published 20-30万元 range' AS note, 'hb-wqb-2020' AS source_id,
        '每个项目预算金额控制在20万元~30万元' AS anchor
 FROM src_annex1;

-- ---------------------------------------------------------------------------------------------------------------
-- Organisations (service organisations, banks, other bodies named in the sources)
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE src_organisations (org_id VARCHAR, province_code VARCHAR, name_zh VARCHAR, name_en VARCHAR, role VARCHAR,
    source_id VARCHAR, anchor VARCHAR);
INSERT INTO src_organisations VALUES
 ('ORG-SH-TIANXIANG', 'CN-HB', '上海天祥质量技术服务有限公司', 'Intertek Shanghai quality technical services', 'service organisation', 'hb-wqb-2020', '投入500万元公开招标采购了上海天祥'),
 ('ORG-DQS-SH', 'CN-HB', '德世爱普认证(上海)有限公司', 'DQS certification (Shanghai)', 'service organisation', 'hb-wqb-2020', '投入500万元公开招标采购了上海天祥'),
 ('ORG-HB-SQRI', 'CN-HB', '湖北省标准化与质量研究院', 'Hubei Institute of Standardisation and Quality', 'service organisation', 'hb-wqb-2020', '投入500万元公开招标采购了上海天祥'),
 ('ORG-HB-PQI', 'CN-HB', '湖北省产品质量监督检验研究院', 'Hubei Product Quality Supervision and Inspection Institute', 'service organisation', 'hb-wqb-2020', '投入500万元公开招标采购了上海天祥'),
 ('ORG-CQM-HB', 'CN-HB', '方圆标志认证集团湖北有限公司', 'China Quality Mark Certification Group Hubei', 'service organisation', 'hb-wqb-2020', '投入500万元公开招标采购了上海天祥'),
 ('ORG-HB-OPTICS-STD', 'CN-HB', '湖北光谷标准创新科技有限公司', 'Hubei Optics Valley Standard Innovation Technology', 'service organisation', 'hb-wqb-2020', '投入500万元公开招标采购了上海天祥'),
 ('ORG-GZ-GTTC', 'CN-HB', '广州检验检测认证集团', 'Guangzhou Testing and Certification Group', 'service organisation', 'hb-2022-wqbsy-notice', '继续委托广州检验检测认证集团'),
 ('ORG-SGCC-HB', 'CN-HB', '国网湖北省电力有限公司', 'State Grid Hubei Electric Power', 'partner', 'hb-2022-wqbsy-notice', '联合国网湖北省电力有限公司'),
 ('ORG-HANKOU-BANK-HS', 'CN-HB', '汉口银行黄石分行', 'Hankou Bank, Huangshi branch', 'bank', 'huangshi-2024-quality-month', '会同汉口银行黄石分行'),
 ('ORG-HB-QA', 'CN-HB', '湖北省质量协会', 'Hubei Quality Association', 'association', 'hb-2022-wqbsy-notice', '支持省质量协会开展'),
 ('ORG-HB-CERAMICS', 'CN-HB', '湖北省陶瓷工业协会', 'Hubei Ceramic Industry Association', 'association', 'hb-2022-wqbsy-notice', '支持省陶瓷工业协会实施'),
 ('ORG-HS-STEEL-QC', 'CN-HB', '国家特殊钢产品质检中心', 'National Special Steel Product Quality Inspection Centre', 'inspection centre', 'huangshi-2024-quality-month', '国家特殊钢产品质检中心的揭牌');

-- ---------------------------------------------------------------------------------------------------------------
-- Enterprises: the named ones, then synthetic detail under published totals.
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE src_enterprises (enterprise_id VARCHAR, name VARCHAR, name_en VARCHAR, province_code VARCHAR, city_code VARCHAR,
    chain_id VARCHAR, project_id VARCHAR, size_class VARCHAR, tier VARCHAR, chain_role VARCHAR, has_cqo BOOLEAN,
    source_id VARCHAR, anchor VARCHAR);
INSERT INTO src_enterprises VALUES
 ('E-HB-HAOSHAN', '湖北省当阳豪山建材有限公司', 'Hubei Dangyang Haoshan Building Materials', 'CN-HB', '420500', 'HB-CL-DY-CERAMIC', 'HB-2018-DY-CERAMIC', NULL, NULL, NULL, NULL, 'hb-wqb-2020', '将缺陷率由此前的4.62%降低到2.39%'),
 ('E-HB-HTCABLE', '湖北航天电缆有限公司', 'Hubei Aerospace Cable', 'CN-HB', '420200', NULL, NULL, NULL, NULL, NULL, NULL, 'huangshi-2024-quality-month', '已获评国家级专精特新“小巨人”企业'),
 ('E-HB-MAYINGLONG', '马应龙药业股份有限公司', 'Mayinglong Pharmaceutical', 'CN-HB', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'huangshi-2024-quality-month', '马应龙药业是一家持续经营440年'),
 ('E-HB-DONGBEI', '东贝制冷', 'Dongbei refrigeration', 'CN-HB', '420200', NULL, NULL, NULL, NULL, NULL, NULL, 'huangshi-2024-quality-month', '“湖北精品”企业东贝制冷'),
 ('E-HB-LEBEIZI', '黄石乐蓓滋食品有限公司', 'Huangshi Lebeizi Foods', 'CN-HB', '420200', NULL, NULL, NULL, NULL, NULL, NULL, 'huangshi-2024-quality-month', '不仅让黄石乐蓓滋食品有限公司成为了'),
 ('E-HB-CICT', '中信科', 'CICT (China Information and Communication Technology Group)', 'CN-HB', NULL, NULL, NULL, NULL, NULL, 'chain master', NULL, 'cqn-quality-chain-2024', '引導(dǎo)中信科、武漢華星光電等鏈主企業(yè)'),
 ('E-HB-CSOT', '武汉华星光电', 'Wuhan China Star Optoelectronics', 'CN-HB', '420100', NULL, NULL, NULL, NULL, 'chain master', NULL, 'cqn-quality-chain-2024', '引導(dǎo)中信科、武漢華星光電等鏈主企業(yè)'),
 ('E-FJ-CATL', '宁德时代', 'CATL', 'CN-FJ', NULL, 'FJ-CH-NEWENERGY', NULL, NULL, NULL, 'chain master', NULL, 'cqn-quality-chain-2024', '寧德時代作為新能源產(chǎn)業(yè)鏈的鏈主企業(yè)'),
 ('E-FJ-SNOWBEER', '百威雪津', 'Budweiser Sedrin', 'CN-FJ', NULL, 'FJ-CH-BEER', NULL, NULL, NULL, NULL, NULL, 'cqn-quality-chain-2024', '百威雪津以打造'),
 ('E-SN-LONGI-H2', '隆基氢能', 'LONGi Hydrogen', 'CN-SN', NULL, 'SN-CH-HYDROGEN', NULL, NULL, NULL, 'chain member', NULL, 'cqn-quality-chain-2024', '研發(fā)隆基氫能小型電解槽');

-- Deterministic pseudo-random helpers for synthetic detail (plain arithmetic, the same on every DuckDB version).
CREATE MACRO pick(i, salt, n) AS ((i * 2654435761 + salt * 40503 + 12345) % 4294967291) % n;
CREATE MACRO size_of(i) AS ['micro', 'small', 'small', 'medium', 'medium', 'large'][1 + pick(i, 3, 6)];

CREATE TABLE syn_enterprise_plan AS
 -- Xiantao Maozui park: the 16 firms (annual sales 5-20 million yuan) the 2018 project surveyed, of the park's 168.
 SELECT 'XT' AS tag, 'CN-HB' AS province_code, '429004' AS city_code, 'HB-CL-XT-MAOZUI' AS chain_id, 'HB-2018-XT-MAOZUI' AS project_id,
        n, '仙桃毛嘴服装企业' AS stem, 'Maozui garment firm' AS stem_en, NULL::VARCHAR AS chain_role, 'hb-wqb-2020' AS source_id,
        '对园区16家年销售额在500万元~2000万元的企业进行实地调研' AS anchor
 FROM range(1, 17) t(n)
 UNION ALL
 -- Dangyang ceramics: the second of the two pilot firms.
 SELECT 'DY', 'CN-HB', '420500', 'HB-CL-DY-CERAMIC', 'HB-2018-DY-CERAMIC', 2, '当阳建陶试点企业', 'Dangyang ceramics pilot firm', NULL,
        'hb-wqb-2020', '在两家试点企业取得立竿见影的效果'
 UNION ALL
 -- 2019: 964 enterprises served by the 20 provincial projects (48 each, the first four 49).
 SELECT 'HB19', 'CN-HB', p.city_code, NULL, p.project_id, n, '2019年度项目服务企业', '2019 project client firm', NULL,
        'hb-wqb-2020', '为964家企业提供了各种形式的质量技术服务'
 FROM syn_projects p, range(1, 49 + CASE WHEN p.project_id <= 'HB-2019-S04' THEN 1 ELSE 0 END) t(n)
 WHERE p.year = 2019
 UNION ALL
 -- 2021: client firms of each demonstration project (no published count; 12 to 40 each).
 SELECT 'HB21', 'CN-HB', a.city_code, printf('HB-CL-2021-%02d', a.seq), printf('HB-2021-%02d', a.seq), n, a.cluster_zh || '企业',
        a.cluster_en || ' firm', NULL, 'hb-2022-wqbsy-notice', '@annex1:' || a.seq
 FROM src_annex1 a, range(1, 13 + pick(a.seq, 1, 29)) t(n)
 UNION ALL
 -- Shaanxi: 94 chain masters and 13279 chain members across 23 chains; LONGi Hydrogen, named, is one of the members.
 SELECT 'SN', 'CN-SN', NULL, c.chain_id, NULL, n, '陕西链上企业', 'Shaanxi chain firm',
        CASE WHEN n <= 94 THEN 'chain master' ELSE 'chain member' END, 'cqn-quality-chain-2024', '陜西共發(fā)動94家鏈主企業(yè)'
 FROM range(1, 94 + 13278 + 1) t(n)
 JOIN (SELECT chain_id, row_number() OVER (ORDER BY chain_id) - 1 AS k FROM
        (SELECT chain_id FROM src_chains WHERE province_code = 'CN-SN' UNION ALL SELECT chain_id FROM syn_chains WHERE province_code = 'CN-SN')) c
   ON c.k = n % 23
 UNION ALL
 -- Liaoning: 1755 chain firms (24 of them chain masters) across 16 chains.
 SELECT 'LN', 'CN-LN', NULL, c.chain_id, NULL, n, '辽宁链上企业', 'Liaoning chain firm',
        CASE WHEN n <= 24 THEN 'chain master' ELSE 'chain member' END, 'cqn-quality-chain-2024', '聯(lián)動1755家鏈上企業(yè)'
 FROM range(1, 1756) t(n)
 JOIN (SELECT chain_id, row_number() OVER (ORDER BY chain_id) - 1 AS k FROM
        (SELECT chain_id FROM src_chains WHERE province_code = 'CN-LN' UNION ALL SELECT chain_id FROM syn_chains WHERE province_code = 'CN-LN')) c
   ON c.k = n % 16;

CREATE TABLE syn_enterprises AS
 SELECT enterprise_id, name, name_en, province_code, city_code, chain_id, project_id, size_class, tier, chain_role,
        -- A chief quality officer is commoner the larger the firm and the higher its tier (no figure is published): drawn
        -- with a hash of its own, so it follows neither the tier's draw nor the size's.
        pick(n * 7919 + 13, hash_seed + 101, 100) < CASE tier WHEN '百' THEN 80 WHEN '千' THEN 50 WHEN '万' THEN 15
            ELSE CASE size_class WHEN 'large' THEN 60 WHEN 'medium' THEN 35 WHEN 'small' THEN 15 ELSE 5 END END AS has_cqo,
        source_id, anchor
 FROM (
 SELECT enterprise_id, name, name_en, province_code, city_code, chain_id, project_id, n, hash_seed,
        -- The size class fits the tier (contract TIER_SIZES): 万 are SMEs, 千 above designated size, 百 benchmarks;
        -- in Hubei that keeps SMEs above the published 95% of cluster firms (reconciliation HB-SME-SHARE). The Maozui
        -- firms surveyed had 5-20 million yuan of annual sales: small. Chain firms elsewhere are mostly small, a few large.
        CASE WHEN tag = 'XT' THEN 'small'
             ELSE CASE tier WHEN '万' THEN ['micro', 'small', 'small', 'medium'][1 + pick(n * 31 + 5, hash_seed + 3, 4)]
                  WHEN '千' THEN ['small', 'medium', 'medium'][1 + pick(n * 31 + 5, hash_seed + 3, 3)]
                  WHEN '百' THEN ['medium', 'medium', 'medium', 'medium', 'large'][1 + pick(n * 31 + 5, hash_seed + 3, 5)]
                  ELSE CASE WHEN chain_role = 'chain master' THEN ['medium', 'large'][1 + pick(n * 31 + 5, hash_seed + 3, 2)]
                            ELSE ['micro', 'micro', 'micro', 'micro', 'micro', 'micro', 'small', 'small', 'small', 'small',
                                  'small', 'small', 'small', 'small', 'medium', 'medium', 'medium', 'medium', 'medium',
                                  'large'][1 + pick(n * 31 + 5, hash_seed + 3, 20)] END
             END
        END AS size_class,
        tier, chain_role, source_id, anchor
 FROM (SELECT printf('E-%s-%s-%05d', tag, coalesce(project_id, chain_id), n) AS enterprise_id,
              printf('%s %05d（合成）', stem, n) AS name, printf('%s %05d (synthetic)', stem_en, n) AS name_en,
              tag, province_code, city_code, chain_id, project_id, n, hash_seed,
              -- The Maozui survey gives no tiers.
              CASE WHEN province_code = 'CN-HB' AND tag <> 'XT' THEN ['万', '万', '万', '万', '万', '万', '万', '千', '千', '百'][1 + pick(n, hash_seed, 10)] END AS tier,
              chain_role, source_id, anchor
       FROM (SELECT *, length(tag) * 101 + length(coalesce(project_id, chain_id)) AS hash_seed FROM syn_enterprise_plan)));

-- ---------------------------------------------------------------------------------------------------------------
-- Indicators: every other published figure.
-- qualifier: exact | more than | about | at least | up to | expected | at most
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE src_indicators (province_code VARCHAR, city_code VARCHAR, year INTEGER, metric VARCHAR, metric_zh VARCHAR,
    value DECIMAL(20,4), unit VARCHAR, qualifier VARCHAR, source_id VARCHAR, anchor VARCHAR);
INSERT INTO src_indicators VALUES
 -- Hubei, China Quality News 2020
 ('CN-HB', NULL, 2020, 'industrial_clusters', '各类产业集群', 200, 'clusters', 'more than', 'hb-wqb-2020', '目前,湖北共有各类产业集群200多个'),
 ('CN-HB', NULL, 2020, 'sme_share_of_cluster_firms', '中小企业占比', 95, 'percent', 'at least', 'hb-wqb-2020', '中小企业占比95%以上'),
 ('CN-HB', NULL, 2020, 'project_budget_min', '项目预算下限', 200000, 'yuan', 'exact', 'hb-wqb-2020', '每个项目预算金额控制在20万元~30万元'),
 ('CN-HB', NULL, 2020, 'project_budget_max', '项目预算上限', 300000, 'yuan', 'exact', 'hb-wqb-2020', '每个项目预算金额控制在20万元~30万元'),
 ('CN-HB', NULL, 2018, 'service_organisations_tendered', '中标质量技术服务机构', 12, 'organisations', 'exact', 'hb-wqb-2020', '等12个质量技术服务机构的服务'),
 ('CN-HB', NULL, 2018, 'provincial_pilot_projects', '省级试点工程', 12, 'projects', 'exact', 'hb-wqb-2020', '对12个省级试点工程实施项目制'),
 ('CN-HB', NULL, 2018, 'service_purchase', '服务采购投入', 5000000, 'yuan', 'exact', 'hb-wqb-2020', '投入500万元公开招标采购'),
 ('CN-HB', NULL, 2018, 'quality_activities', '质量提升活动', 1236, 'activities', 'exact', 'hb-wqb-2020', '累计开展各种质量提升活动1236项'),
 ('CN-HB', NULL, 2018, 'participating_enterprises', '参与企业', 10324, 'enterprises', 'exact', 'hb-wqb-2020', '参与企业10324家'),
 ('CN-HB', NULL, 2018, 'quality_staff_participating', '参与的企业质量管理人员', 47653, 'people', 'exact', 'hb-wqb-2020', '参与的企业质量管理人员47653人'),
 ('CN-HB', NULL, 2018, 'enterprises_trained', '先进质量管理培训企业', 3022, 'enterprises', 'exact', 'hb-wqb-2020', '重点为3022家企业组织开展了'),
 ('CN-HB', NULL, 2018, 'enterprises_adopting_excellence_model', '导入卓越绩效管理模式企业', 1045, 'enterprises', 'exact', 'hb-wqb-2020', '支持和服务1045家企业导入卓越绩效管理模式'),
 ('CN-HB', NULL, 2018, 'benchmark_enterprises', '质量标杆企业', 113, 'enterprises', 'exact', 'hb-wqb-2020', '培育质量标杆企业113家'),
 ('CN-HB', NULL, 2018, 'programme_spending', '投入经费', 58970000, 'yuan', 'exact', 'hb-wqb-2020', '投入经费5897万元'),
 ('CN-HB', NULL, 2018, 'pilot_projects_economic_benefit', '省级试点工程直接和间接经济效益', 100000000, 'yuan', 'more than', 'hb-wqb-2020', '其中,12项省级质量提升试点工程为企业带来直接和间接经济效益上亿元'),
 ('CN-HB', NULL, 2019, 'provincial_projects', '省级项目', 20, 'projects', 'exact', 'hb-wqb-2020', '2019年,湖北继续实施的20个省级'),
 ('CN-HB', NULL, 2019, 'enterprises_served', '服务企业', 964, 'enterprises', 'exact', 'hb-wqb-2020', '为964家企业提供了各种形式的质量技术服务'),
 ('CN-HB', NULL, 2019, 'quality_problems_solved', '解决质量问题', 1050, 'problems', 'exact', 'hb-wqb-2020', '帮助企业解决质量问题1050个'),
 ('CN-HB', NULL, 2019, 'direct_economic_benefit', '直接经济效益', 28400000, 'yuan', 'exact', 'hb-wqb-2020', '创造直接经济效益2840万元'),
 ('CN-HB', NULL, 2019, 'service_organisations_tendered', '中标质量技术服务机构', 12, 'organisations', 'exact', 'hb-wqb-2020', '采购12家国内外知名质量技术服务机构'),
 ('CN-HB', NULL, 2019, 'projects_rated_excellent', '优秀项目', 5, 'projects', 'exact', 'hb-wqb-2020', '评选出优秀项目5个、良好项目14个'),
 ('CN-HB', NULL, 2019, 'projects_rated_good', '良好项目', 14, 'projects', 'exact', 'hb-wqb-2020', '评选出优秀项目5个、良好项目14个'),
 ('CN-HB', NULL, 2019, 'acceptance_aspects', '验收评分方面', 8, 'aspects', 'exact', 'hb-wqb-2020', '总结报告编制等8个方面'),
 ('CN-HB', NULL, 2020, 'quality_funding_growth', '质量提升经费投入增长', 50, 'percent', 'exact', 'hb-wqb-2020', '湖北省质量提升经费投入逆势增长50%'),
 ('CN-HB', NULL, 2020, 'provincial_projects', '省级质量提升示范项目', 26, 'projects', 'exact', 'hb-wqb-2020', '组织实施26个省级质量提升示范项目'),
 ('CN-HB', NULL, 2020, 'project_count_growth', '实施项目数增长', 30, 'percent', 'exact', 'hb-wqb-2020', '实施项目数比去年增长30%'),
 ('CN-HB', NULL, 2020, 'mask_makers_screened', '摸底排查口罩生产企业', 246, 'enterprises', 'exact', 'hb-wqb-2020', '摸底排查246家口罩生产企业'),
 ('CN-HB', NULL, 2020, 'ppe_training_sessions', '防护物资质量培训诊断咨询活动', 20, 'sessions', 'more than', 'hb-wqb-2020', '累计举办各类质量培训、质量诊断、现场咨询活动20余场次'),
 ('CN-HB', NULL, 2020, 'ppe_enterprise_visits', '服务企业家次', 700, 'enterprise visits', 'more than', 'hb-wqb-2020', '服务企业700余家次'),
 ('CN-HB', NULL, 2020, 'projects_2018_2020', '三年省级质量提升示范项目', 78, 'projects', 'at least', 'hb-wqb-2020', '3年来,湖北共实施78个省级质量提升示范项目'),
 ('CN-HB', NULL, 2020, 'clusters_reached_2018_2020', '三年惠及产业集群', 121, 'clusters', 'at least', 'hb-wqb-2020', '3年来,湖北共实施78个省级质量提升示范项目'),
 ('CN-HB', NULL, 2020, 'enterprises_reached_2018_2020', '三年惠及企业', 18558, 'enterprises', 'at least', 'hb-wqb-2020', '3年来,湖北共实施78个省级质量提升示范项目'),
 ('CN-HB', NULL, 2020, 'reached_clusters_share_of_gdp', '惠及产业年产值占GDP比重', 40, 'percent', 'about', 'hb-wqb-2020', '年产值约占湖北GDP总额的近四成'),
 ('CN-HB', '420500', NULL, 'defect_rate_before', '当阳豪山建材缺陷率（改进前）', 4.62, 'percent', 'exact', 'hb-wqb-2020', '将缺陷率由此前的4.62%降低到2.39%'),
 ('CN-HB', '420500', NULL, 'defect_rate_after', '当阳豪山建材缺陷率（改进后）', 2.39, 'percent', 'exact', 'hb-wqb-2020', '将缺陷率由此前的4.62%降低到2.39%'),
 ('CN-HB', '420500', NULL, 'monthly_cost_saving_one_line', '300mm×300mm单线月降低成本', 100000, 'yuan', 'exact', 'hb-wqb-2020', '仅300mm×300mm单线月降低成本就达10万元'),
 ('CN-HB', '420500', NULL, 'annual_cost_saving_one_line', '单线年降低成本', 1500000, 'yuan', 'expected', 'hb-wqb-2020', '年降低成本可达150万元'),
 ('CN-HB', '420500', NULL, 'annual_gain_seven_lines', '7条生产线年增收', 5000000, 'yuan', 'at least', 'hb-wqb-2020', '一年可通过降低成本增收500万元以上'),
 ('CN-HB', '429004', 2017, 'maozui_park_firms', '毛嘴产业园生产企业', 168, 'enterprises', 'exact', 'hb-wqb-2020', '仙桃毛嘴休闲服装产业园集聚生产企业168家'),
 ('CN-HB', '429004', 2017, 'maozui_park_workers', '毛嘴产业园产业工人', 25000, 'people', 'exact', 'hb-wqb-2020', '吸纳产业工人2.5万人'),
 ('CN-HB', '429004', 2017, 'maozui_trousers_output', '毛嘴女裤产量', 60000000, 'pieces', 'more than', 'hb-wqb-2020', '2017年生产女裤超6000万条'),
 ('CN-HB', '429004', 2017, 'maozui_output_value', '毛嘴产业园产值', 3000000000, 'yuan', 'more than', 'hb-wqb-2020', '产值超过30亿元'),
 ('CN-HB', '429004', 2018, 'maozui_expert_team', '上海天祥专家组人数', 7, 'people', 'exact', 'hb-wqb-2020', '派出7人专家组'),
 ('CN-HB', '429004', 2018, 'maozui_firms_surveyed', '实地调研企业', 16, 'enterprises', 'exact', 'hb-wqb-2020', '对园区16家年销售额在500万元~2000万元的企业进行实地调研'),
 ('CN-HB', '429004', 2018, 'maozui_problem_areas', '发现问题方面', 7, 'problem areas', 'exact', 'hb-wqb-2020', '生产管理制度不严格和产品定位低、销售渠道单一等7个方面问题'),
 ('CN-HB', '429004', 2018, 'label_fix_loss_avoided_per_firm_min', '规范标签每家企业避免损失（下限）', 800000, 'yuan', 'exact', 'hb-wqb-2020', '就可为每家服装生产企业避免80万元~100万元的经济损失'),
 ('CN-HB', '429004', 2018, 'label_fix_loss_avoided_per_firm_max', '规范标签每家企业避免损失（上限）', 1000000, 'yuan', 'exact', 'hb-wqb-2020', '就可为每家服装生产企业避免80万元~100万元的经济损失'),
 ('CN-HB', '429004', 2018, 'label_fix_loss_avoided_park', '整个园区避免经济损失', 130000000, 'yuan', 'exact', 'hb-wqb-2020', '为整个园区避免经济损失1.3亿元'),
 ('CN-HB', '421300', 2018, 'special_vehicle_revenue', '随州专用车销售收入', 60000000000, 'yuan', 'exact', 'hb-wqb-2020', '2018年销售收入达600亿元'),
 ('CN-HB', '421300', 2018, 'special_vehicle_growth', '随州专用车年均增长', 24.5, 'percent', 'exact', 'hb-wqb-2020', '年均增长24.5%'),
 ('CN-HB', '421300', 2020, 'special_vehicle_revenue', '随州专用车销售收入', 100000000000, 'yuan', 'expected', 'hb-wqb-2020', '2020年销售收入将达到1000亿元'),
 -- Anhui 2017 results and 2018 plan
 ('CN-AH', NULL, 2017, 'smes_in_tqm', '开展全面质量管理的中小企业', 10100, 'enterprises', 'more than', 'ah-2018-quality-year', '10100多家中小企業(yè)'),
 ('CN-AH', NULL, 2017, 'enterprises_adopting_excellence_model', '采用卓越绩效管理模式的大中企业', 1000, 'enterprises', 'more than', 'ah-2018-quality-year', '1000多家大中企業(yè)'),
 ('CN-AH', NULL, 2017, 'government_quality_awards', '获市、县政府质量奖企业', 111, 'enterprises', 'exact', 'ah-2018-quality-year', '111家企業(yè)獲得市、縣政府質(zhì)量獎'),
 ('CN-AH', NULL, 2017, 'demonstration_units', '省质量品牌升级工程示范单位', 124, 'units', 'exact', 'ah-2018-quality-year', '培育樹立124家'),
 ('CN-AH', NULL, 2017, 'education_bases', '省质量品牌升级工程教育实践基地', 50, 'bases', 'exact', 'ah-2018-quality-year', '50個省質(zhì)量品牌升級工程教育實踐基地'),
 ('CN-AH', NULL, 2017, 'quality_strong_counties', '省质量强县', 6, 'counties', 'exact', 'ah-2018-quality-year', '創(chuàng)建6個省質(zhì)量強縣'),
 ('CN-AH', NULL, 2017, 'national_brand_demonstration_zones', '全国知名品牌示范区', 2, 'zones', 'exact', 'ah-2018-quality-year', '兩個全國知名品牌示范區(qū)'),
 ('CN-AH', NULL, 2017, 'china_quality_award_nominations', '新增中国质量奖提名奖', 5, 'awards', 'exact', 'ah-2018-quality-year', '新增5個中國質(zhì)量獎提名獎'),
 ('CN-AH', NULL, 2017, 'anhui_brands', '新增安徽名牌', 207, 'brands', 'exact', 'ah-2018-quality-year', '207個安徽名牌'),
 ('CN-AH', NULL, 2017, 'brand_activity_national_rank', '安徽品牌国内活跃度排名', 7, 'rank', 'exact', 'ah-2018-quality-year', '居全國第7位'),
 ('CN-AH', NULL, 2018, 'five_demonstrations_min_growth', '“五大示范”新增比例下限', 20, 'percent', 'at least', 'ah-2018-quality-year', '以新增不低于上年20%的比例'),
 ('CN-AH', NULL, 2018, 'key_parks_per_city_min', '每市重点产业园区', 1, 'parks per city', 'at least', 'ah-2018-quality-year', '每個市抓好至少1個重點產(chǎn)業(yè)園區(qū)'),
 ('CN-AH', NULL, 2018, 'key_products_per_city_min', '每市重点产品和服务项目', 2, 'projects per city', 'at least', 'ah-2018-quality-year', '每個市抓好至少兩個重點產(chǎn)品和服務(wù)項目'),
 ('CN-AH', NULL, 2018, 'key_industries_per_city_min', '每市重点行业', 2, 'industries per city', 'at least', 'ah-2018-quality-year', '每個市抓好至少兩個重點行業(yè)'),
 ('CN-AH', NULL, 2018, 'key_enterprises_per_city_min', '每市重点企业', 50, 'enterprises per city', 'at least', 'ah-2018-quality-year', '每個市抓好至少50個重點企業(yè)'),
 ('CN-AH', NULL, 2018, 'improvement_dimensions', '全面提升的方面', 6, 'dimensions', 'exact', 'ah-2018-quality-year', '等6個方面的全面提升'),
 -- Huangshi quality month 2024
 ('CN-HB', NULL, 2024, 'quality_month_departments', '联合开展质量月的部门', 27, 'departments', 'exact', 'huangshi-2024-quality-month', '由国家市场监督管理总局等27个部门联合开展'),
 ('CN-HB', NULL, 2024, 'quality_month_edition', '质量月届次', 47, 'edition', 'exact', 'huangshi-2024-quality-month', '这是我国连续举办的第47个“质量月”活动'),
 ('CN-HB', '420200', 2024, 'benchmark_visit_participants', '质量考察团企业代表', 30, 'people', 'more than', 'huangshi-2024-quality-month', '市市场监管局组织30余名相关企业代表'),
 ('CN-HB', NULL, 2021, 'mayinglong_brand_value', '马应龙品牌价值', 49281000000, 'yuan', 'exact', 'huangshi-2024-quality-month', '2021年品牌价值达到492.81亿元'),
 ('CN-HB', NULL, NULL, 'mayinglong_years_in_business', '马应龙持续经营年数', 440, 'years', 'exact', 'huangshi-2024-quality-month', '马应龙药业是一家持续经营440年'),
 ('CN-HB', NULL, NULL, 'mayinglong_years_most_valuable_brand', '连续入选“中国最具价值品牌”年数', 18, 'years', 'exact', 'huangshi-2024-quality-month', '连续18年入选'),
 ('CN-HB', NULL, 2024, 'ezd1_cap_per_borrower', '“鄂质贷1”单户贷款最高额度', 50000000, 'yuan', 'at most', 'huangshi-2024-quality-month', '对应的单户贷款最高额度分别为5000万元、3000万元、1000万元'),
 ('CN-HB', NULL, 2024, 'ezd2_cap_per_borrower', '“鄂质贷2”单户贷款最高额度', 30000000, 'yuan', 'at most', 'huangshi-2024-quality-month', '对应的单户贷款最高额度分别为5000万元、3000万元、1000万元'),
 ('CN-HB', NULL, 2024, 'ezd3_cap_per_borrower', '“鄂质贷3”单户贷款最高额度', 10000000, 'yuan', 'at most', 'huangshi-2024-quality-month', '对应的单户贷款最高额度分别为5000万元、3000万元、1000万元'),
 ('CN-HB', '420200', 2024, 'first_ezd_loan', '首笔“鄂质贷”贷款', 50000000, 'yuan', 'exact', 'huangshi-2024-quality-month', '投放了我市首笔“鄂质贷”贷款5000万元'),
 ('CN-HB', '420200', 2024, 'school_quality_education_bases', '中小学质量教育社会实践基地（第几家）', 9, 'bases', 'exact', 'huangshi-2024-quality-month', '成为了我市第9家中小学质量教育社会实践基地'),
 ('CN-HB', '420200', 2024, 'students_in_quality_class', '参加质量教育课的学生', 20, 'students', 'exact', 'huangshi-2024-quality-month', '的20名初二学生'),
 ('CN-HB', '420200', 2024, 'cqo_training_counties', '联合开展首席质量官培训的县（市、区）局', 6, 'county bureaus', 'exact', 'huangshi-2024-quality-month', '联合全市6个县(市、区)局'),
 ('CN-HB', '420200', 2024, 'cqo_training_sessions', '首席质量官区域培训场次', 6, 'sessions', 'exact', 'huangshi-2024-quality-month', '全市共开展6场区域培训'),
 ('CN-HB', '420200', 2024, 'cqo_training_enterprises', '参加首席质量官培训的企业', 400, 'enterprises', 'about', 'huangshi-2024-quality-month', '近400家企业质量管理代表参加'),
 -- Hubei 2022 notice
 ('CN-HB', NULL, 2022, 'county_trainings_min', '每县市区培训次数', 1, 'trainings per county', 'at least', 'hb-2022-wqbsy-notice', '每个县、市（区）市场监管局组织培训不少于1次'),
 ('CN-HB', NULL, 2022, 'county_training_attendance_min', '每次培训人数', 50, 'people', 'at least', 'hb-2022-wqbsy-notice', '每个县、市（区）市场监管局组织培训不少于1次'),
 ('CN-HB', NULL, 2022, 'one_stop_stations_target', '“一站式”服务站总数目标', 150, 'stations', 'at least', 'hb-2022-wqbsy-notice', '服务站总数达到150个以上'),
 ('CN-HB', NULL, 2022, 'pilot_platforms_target', '省级中试公共服务平台', 10, 'platforms', 'exact', 'hb-2022-wqbsy-notice', '探索建设10个省级中试公共服务平台。贯彻'),
 ('CN-HB', NULL, 2022, 'excellent_project_provincial_fund', '优秀项目省局专项经费', 200000, 'yuan per project', 'exact', 'hb-2022-wqbsy-notice', '省局每个项目拨付专项经费20万元'),
 ('CN-HB', NULL, 2022, 'new_project_support_max', '新项目省局资金支持上限', 250000, 'yuan per project', 'at most', 'hb-2022-wqbsy-notice', '省局对每个项目提供最高25万元资金支持'),
 ('CN-HB', NULL, 2022, 'project_nominations_per_city_max', '每市州推荐项目上限', 2, 'projects', 'at most', 'hb-2022-wqbsy-notice', '每个市、州推荐项目不超过2个'),
 ('CN-HB', NULL, 2022, 'project_nominations_direct_max', '直管市、神农架推荐项目上限', 1, 'projects', 'at most', 'hb-2022-wqbsy-notice', '每个市、州推荐项目不超过2个'),
 ('CN-HB', NULL, 2022, 'software_chain_key_enterprises', '软件和信息服务产业链重点企业', 20, 'enterprises', 'exact', 'hb-2022-wqbsy-notice', '选取20家重点企业开展软件和信息服务产品质量检测'),
 -- Quality chains 2024: Jiangsu
 ('CN-JS', NULL, 2024, 'key_chains', '重点产业链', 21, 'chains', 'exact', 'cqn-quality-chain-2024', '聚焦動力電池等21條重點產(chǎn)業(yè)鏈'),
 ('CN-JS', NULL, 2024, 'national_key_chain_projects', '入选全国百个质量强链重点项目', 9, 'projects', 'exact', 'cqn-quality-chain-2024', '9個項目入選全國百個質(zhì)量強鏈重點項目'),
 ('CN-JS', NULL, 2024, 'quality_innovation_consortia_new', '新建质量创新联合体', 28, 'consortia', 'exact', 'cqn-quality-chain-2024', '江蘇新建質(zhì)量創(chuàng)新聯(lián)合體28個'),
 ('CN-JS', '321200', 2024, 'taizhou_units_in_projects', '泰州参与攻关单位', 90, 'units', 'more than', 'cqn-quality-chain-2024', '泰州組織90余家單位'),
 ('CN-JS', NULL, 2024, 'advanced_manufacturing_clusters', '先进制造业集群', 16, 'clusters', 'exact', 'cqn-quality-chain-2024', '重點打造16個先進制造業(yè)集群、50條重點產(chǎn)業(yè)鏈'),
 ('CN-JS', NULL, 2024, 'key_chains_1650', '“1650”重点产业链', 50, 'chains', 'exact', 'cqn-quality-chain-2024', '重點打造16個先進制造業(yè)集群、50條重點產(chǎn)業(yè)鏈'),
 ('CN-JS', NULL, 2024, 'chain_enterprise_visits', '走访链上企业', 3000, 'enterprise visits', 'more than', 'cqn-quality-chain-2024', '累計走訪鏈上企業(yè)3000余家次'),
 ('CN-JS', NULL, 2024, 'product_quality_comparisons', '重点产品质量比对', 14, 'comparisons', 'exact', 'cqn-quality-chain-2024', '開展重點產(chǎn)品質(zhì)量比對14項'),
 ('CN-JS', NULL, 2024, 'chain_quality_problems', '梳理产业链质量问题', 1417, 'problems', 'exact', 'cqn-quality-chain-2024', '梳理產(chǎn)業(yè)鏈質(zhì)量問題1417個'),
 ('CN-JS', NULL, 2024, 'quality_policy_needs', '质量政策需求', 105, 'needs', 'exact', 'cqn-quality-chain-2024', '質(zhì)量政策需求105項'),
 ('CN-JS', NULL, 2024, 'quality_tackling_projects', '质量攻关项目', 163, 'projects', 'exact', 'cqn-quality-chain-2024', '質(zhì)量攻關(guān)項目163個'),
 ('CN-JS', NULL, 2024, 'inspection_and_metrology_centres', '国家和省级质检、计量、产业计量测试中心', 203, 'centres', 'exact', 'cqn-quality-chain-2024', '產(chǎn)業(yè)計量測試中心203個'),
 ('CN-JS', NULL, 2024, 'key_labs_and_innovation_centres', '重点实验室、技术创新中心', 50, 'centres', 'exact', 'cqn-quality-chain-2024', '技術(shù)創(chuàng)新中心50個'),
 ('CN-JS', NULL, 2024, 'one_stop_service_points', '质量基础设施“一站式”服务站点', 307, 'stations', 'exact', 'cqn-quality-chain-2024', '服務(wù)站點307個'),
 ('CN-JS', NULL, 2024, 'digital_pilot_enterprises', '质量管理数字化升级试点企业', 22, 'enterprises', 'exact', 'cqn-quality-chain-2024', '在該省遴選22家企業(yè)'),
 ('CN-JS', NULL, 2024, 'digital_pilot_chains', '质量管理数字化升级试点产业链', 2, 'chains', 'exact', 'cqn-quality-chain-2024', '在該省遴選22家企業(yè)'),
 ('CN-JS', NULL, 2024, 'digital_pilot_parks', '质量管理数字化升级试点园区', 2, 'parks', 'exact', 'cqn-quality-chain-2024', '在該省遴選22家企業(yè)'),
 -- Guangdong
 ('CN-GD', NULL, 2024, 'key_chains', '重点产业链', 50, 'chains', 'exact', 'cqn-quality-chain-2024', '以50條重點產(chǎn)業(yè)鏈為牽引'),
 ('CN-GD', NULL, 2024, 'chain_enterprises_helped', '帮助链上企业', 35000, 'enterprises', 'exact', 'cqn-quality-chain-2024', '幫助3.5萬家鏈上企業(yè)'),
 ('CN-GD', NULL, 2024, 'chain_quality_problems_solved', '解决质量瓶颈问题', 58000, 'problems', 'exact', 'cqn-quality-chain-2024', '幫助3.5萬家鏈上企業(yè)'),
 ('CN-GD', NULL, 2024, 'chain_funding', '推动重点产业链质量提升累计投入', 113000000, 'yuan', 'exact', 'cqn-quality-chain-2024', '廣東累計投入1.13億元'),
 ('CN-GD', NULL, 2024, 'quality_experts', '质量工作专家', 563, 'experts', 'exact', 'cqn-quality-chain-2024', '建立由563名質(zhì)量工作專家組成的隊伍'),
 ('CN-GD', NULL, 2024, 'training_bases', '质量提升培训基地', 27, 'bases', 'exact', 'cqn-quality-chain-2024', '推動鏈主企業(yè)牽頭建設(shè)27個'),
 ('CN-GD', NULL, 2024, 'emerging_industry_fields', '新兴产业领域', 15, 'fields', 'exact', 'cqn-quality-chain-2024', '新型儲能等15個新興產(chǎn)業(yè)領(lǐng)域'),
 ('CN-GD', NULL, 2024, 'key_tackling_projects', '重点攻关项目清单', 268, 'projects', 'exact', 'cqn-quality-chain-2024', '形成重點攻關(guān)項目清單268項'),
 ('CN-GD', NULL, 2024, 'quality_policy_tools', '质量政策工具清单', 163, 'tools', 'exact', 'cqn-quality-chain-2024', '質(zhì)量政策工具清單163項'),
 ('CN-GD', NULL, 2024, 'enterprises_with_cqo', '建立首席质量官制度企业', 37900, 'enterprises', 'exact', 'cqn-quality-chain-2024', '推動該省3.79萬家企業(yè)建立首席質(zhì)量官制度'),
 ('CN-GD', NULL, 2024, 'chains_with_cqo', '首席质量官覆盖产业链', 30, 'chains', 'exact', 'cqn-quality-chain-2024', '覆蓋30條產(chǎn)業(yè)鏈'),
 ('CN-GD', NULL, 2024, 'member_enterprises_transformed', '质量管理转型链员企业', 165, 'enterprises', 'exact', 'cqn-quality-chain-2024', '帶動165家鏈員企業(yè)質(zhì)量管理轉(zhuǎn)型'),
 ('CN-GD', NULL, 2024, 'suppliers_reached', '传导至供应商', 5000, 'enterprises', 'more than', 'cqn-quality-chain-2024', '傳導(dǎo)至產(chǎn)業(yè)鏈上中下游5000多家供應(yīng)商'),
 ('CN-GD', NULL, 2024, 'member_enterprises_value_added', '附加值提升的链员企业', 300, 'enterprises', 'more than', 'cqn-quality-chain-2024', '帶動300多家鏈員企業(yè)產(chǎn)業(yè)鏈附加值提升'),
 ('CN-GD', NULL, 2024, 'testing_platforms', '检验检测共性技术平台', 300, 'platforms', 'more than', 'cqn-quality-chain-2024', '廣東整合300多個檢驗檢測共性技術(shù)平臺優(yōu)勢'),
 ('CN-GD', NULL, 2024, 'standard_innovative_enterprises', '标准创新型企业', 469, 'enterprises', 'exact', 'cqn-quality-chain-2024', '培育標(biāo)準(zhǔn)創(chuàng)新型企業(yè)469家'),
 ('CN-GD', NULL, 2024, 'joint_innovation_enterprises', '技术专利标准联动创新企业', 7850, 'enterprises', 'exact', 'cqn-quality-chain-2024', '引導(dǎo)7850家上下游企業(yè)'),
 ('CN-GD', NULL, 2024, 'national_inspection_centres', '国家质检中心', 87, 'centres', 'exact', 'cqn-quality-chain-2024', '廣東建成87個國家質(zhì)檢中心'),
 ('CN-GD', NULL, 2024, 'provincial_inspection_centres', '省级质检中心', 233, 'centres', 'exact', 'cqn-quality-chain-2024', '233個省級質(zhì)檢中心'),
 ('CN-GD', NULL, 2024, 'industrial_parks_served', '辐射服务产业园区', 168, 'parks', 'exact', 'cqn-quality-chain-2024', '輻射服務(wù)168個產(chǎn)業(yè)園區(qū)'),
 ('CN-GD', NULL, 2024, 'clusters_output_growth', '产业集聚区企业增加产值', 5200000000, 'yuan', 'exact', 'cqn-quality-chain-2024', '中等規(guī)模以上企業(yè)增加產(chǎn)值52億元'),
 ('CN-GD', NULL, 2024, 'industrial_clusters_served', '助推产业集聚区', 165, 'clusters', 'exact', 'cqn-quality-chain-2024', '助推165個產(chǎn)業(yè)集聚區(qū)'),
 ('CN-GD', NULL, 2024, 'quality_standard_labs_planned', '规划建设省级质量标准实验室', 15, 'labs', 'exact', 'cqn-quality-chain-2024', '規(guī)劃建設(shè)省級質(zhì)量標(biāo)準(zhǔn)實驗室15個'),
 ('CN-GD', NULL, 2024, 'one_stop_platforms', '质量基础设施“一站式”服务平台', 193, 'platforms', 'exact', 'cqn-quality-chain-2024', '服務(wù)平臺193個'),
 ('CN-GD', NULL, 2024, 'smes_served', '服务链上中小微企业', 164000, 'enterprises', 'exact', 'cqn-quality-chain-2024', '已為16.4萬家鏈上中小微企業(yè)'),
 ('CN-GD', NULL, 2024, 'service_times', '提供服务次数', 175000, 'services', 'about', 'cqn-quality-chain-2024', '提供服務(wù)近17.5萬次'),
 ('CN-GD', NULL, 2024, 'quality_problems_solved', '帮助解决质量难题', 105000, 'problems', 'exact', 'cqn-quality-chain-2024', '幫助鏈上企業(yè)解決質(zhì)量難題10.5萬個'),
 ('CN-GD', NULL, 2024, 'bay_area_standards', '“湾区标准”', 215, 'standards', 'exact', 'cqn-quality-chain-2024', '聯(lián)合港澳發(fā)布215項'),
 ('CN-GD', NULL, 2024, 'bay_area_certificates', '“湾区认证”', 80, 'certificates', 'exact', 'cqn-quality-chain-2024', '發(fā)放“灣區(qū)認(rèn)證”80張'),
 ('CN-GD', NULL, 2024, 'trade_secret_pilot_areas', '全国商业秘密保护创新试点地区', 4, 'areas', 'exact', 'cqn-quality-chain-2024', '面向大灣區(qū)建設(shè)4個'),
 ('CN-GD', NULL, 2024, 'trade_secret_pilot_zones', '商业秘密保护创新工程先行区', 16, 'zones', 'exact', 'cqn-quality-chain-2024', '16個黃金內(nèi)灣'),
 -- Anhui chains
 ('CN-AH', NULL, 2024, 'first_batch_chain_industries', '首批质量强链产业', 4, 'industries', 'exact', 'cqn-quality-chain-2024', '首批圍繞新能源汽車'),
 ('CN-AH', NULL, 2024, 'key_industries', '重点产业', 19, 'industries', 'exact', 'cqn-quality-chain-2024', '19個重點產(chǎn)業(yè)中的14個產(chǎn)業(yè)'),
 ('CN-AH', NULL, 2024, 'key_industries_led_by_cities', '由地市市场监管局牵头的产业', 14, 'industries', 'exact', 'cqn-quality-chain-2024', '19個重點產(chǎn)業(yè)中的14個產(chǎn)業(yè)'),
 ('CN-AH', '340500', 2024, 'qld_credit_to_four_firms', '“强链贷”向4家链上企业授信', 100000000, 'yuan', 'exact', 'cqn-quality-chain-2024', '向4家產(chǎn)業(yè)鏈上企業(yè)授信1億元'),
 ('CN-AH', '341800', 2024, 'langxi_award_subsidies', '郎溪县兑现制造业高质量发展奖补资金', 24723000, 'yuan', 'exact', 'cqn-quality-chain-2024', '2472.3萬元'),
 -- Fujian
 ('CN-FJ', '350700', 2024, 'bamboo_chain_output', '南平竹产业全产业链产值', 50000000000, 'yuan', 'expected', 'cqn-quality-chain-2024', '南平市竹產(chǎn)業(yè)全產(chǎn)業(yè)鏈產(chǎn)值預(yù)計超500億元'),
 ('CN-FJ', '350700', 2024, 'bamboo_firms_above_size', '规上竹企', 220, 'enterprises', 'exact', 'cqn-quality-chain-2024', '現(xiàn)有規(guī)上竹企 220家'),
 ('CN-FJ', '350700', 2024, 'bamboo_listed_firms', '上市竹企', 2, 'enterprises', 'exact', 'cqn-quality-chain-2024', '上市竹企2家'),
 ('CN-FJ', '350700', 2024, 'bamboo_ip_advantage_firms', '竹产业国家知识产权优势企业', 3, 'enterprises', 'exact', 'cqn-quality-chain-2024', '竹產(chǎn)業(yè)國家知識產(chǎn)權(quán)優(yōu)勢企業(yè)3家'),
 ('CN-FJ', '350700', 2024, 'bamboo_patents', '竹产业专利', 1580, 'patents', 'exact', 'cqn-quality-chain-2024', '擁有各類專利1580項'),
 ('CN-FJ', '350200', 2024, 'xiamen_service_matches', '厦门服务对接', 400, 'services', 'more than', 'cqn-quality-chain-2024', '累計服務(wù)對接400余次'),
 ('CN-FJ', '350200', 2024, 'xiamen_quality_input', '厦门质量投入', 230000000, 'yuan', 'more than', 'cqn-quality-chain-2024', '質(zhì)量投入超2.3億元'),
 ('CN-FJ', '350200', 2024, 'xiamen_economic_benefit', '厦门带动经济效益', 1300000000, 'yuan', 'more than', 'cqn-quality-chain-2024', '帶動經(jīng)濟效益超13億元'),
 -- Hubei chains
 ('CN-HB', NULL, 2024, 'chain_special_fund', '产业链质量提升专项资金', 6000000, 'yuan', 'exact', 'cqn-quality-chain-2024', '600萬元質(zhì)量提升專項資金支持'),
 ('CN-HB', NULL, 2024, 'chain_demonstration_projects', '产业链质量提升省级示范项目', 30, 'projects', 'exact', 'cqn-quality-chain-2024', '遴選實施30個產(chǎn)業(yè)鏈質(zhì)量提升省級示范項目'),
 -- Shandong
 ('CN-SD', NULL, 2024, 'departments_on_chain_opinion', '联合印发质量联动提升意见的部门', 9, 'departments', 'exact', 'cqn-quality-chain-2024', '山東省市場監(jiān)管局聯(lián)合9部門'),
 ('CN-SD', NULL, 2024, 'departments_on_cqo_opinion', '联合印发首席质量官意见的部门', 10, 'departments', 'exact', 'cqn-quality-chain-2024', '山東省市場監(jiān)管局聯(lián)合10部門'),
 ('CN-SD', NULL, 2024, 'exemplary_cqos', '首席质量官典型', 22, 'people', 'exact', 'cqn-quality-chain-2024', '目前已推出22名首席質(zhì)量官典型'),
 ('CN-SD', NULL, 2024, 'brand_pool', '“好品山东”培育库品牌', 32000, 'brands', 'exact', 'cqn-quality-chain-2024', '通過摸底建立3.2萬個品牌構(gòu)成'),
 ('CN-SD', NULL, 2024, 'quality_tackling_projects', '质量攻关项目', 110, 'projects', 'exact', 'cqn-quality-chain-2024', '征集110個質(zhì)量攻關(guān)項目'),
 ('CN-SD', NULL, 2024, 'national_standards', '主导和参与制定国家标准', 10121, 'standards', 'exact', 'cqn-quality-chain-2024', '山東主導(dǎo)和參與制定國家標(biāo)準(zhǔn)10121項'),
 ('CN-SD', NULL, 2024, 'industry_standards', '行业标准', 13206, 'standards', 'exact', 'cqn-quality-chain-2024', '行業(yè)標(biāo)準(zhǔn)13206項'),
 ('CN-SD', NULL, 2024, 'local_standards', '发布地方标准', 3266, 'standards', 'exact', 'cqn-quality-chain-2024', '發(fā)布地方標(biāo)準(zhǔn)3266項'),
 ('CN-SD', NULL, 2024, 'metrology_test_centres', '国家级产业计量测试中心', 8, 'centres', 'exact', 'cqn-quality-chain-2024', '獲批籌建國家級產(chǎn)業(yè)計量測試中心8家'),
 ('CN-SD', NULL, 2024, 'one_stop_platforms', '“一站式”服务平台', 126, 'platforms', 'exact', 'cqn-quality-chain-2024', '服務(wù)平臺126個'),
 -- Liaoning
 ('CN-LN', NULL, 2024, 'trillion_yuan_industry_bases', '万亿级产业基地', 4, 'bases', 'exact', 'cqn-quality-chain-2024', '圍繞遼寧4個萬億級產(chǎn)業(yè)基地'),
 ('CN-LN', NULL, 2024, 'key_industrial_clusters', '重点产业集群', 22, 'clusters', 'exact', 'cqn-quality-chain-2024', '22個重點產(chǎn)業(yè)集群建設(shè)'),
 ('CN-LN', NULL, 2024, 'departments_on_chain_plan', '联合印发方案的部门', 7, 'departments', 'exact', 'cqn-quality-chain-2024', '遼寧省市場監(jiān)管局會同7部門'),
 ('CN-LN', NULL, 2024, 'key_chains', '重点产业链', 16, 'chains', 'exact', 'cqn-quality-chain-2024', '遼寧省工業(yè)機器人等16個重點產(chǎn)業(yè)鏈'),
 ('CN-LN', NULL, 2024, 'excellence_site_meetings', '卓越质量管理现场会', 7, 'meetings', 'exact', 'cqn-quality-chain-2024', '召開7次卓越質(zhì)量管理'),
 ('CN-LN', NULL, 2024, 'chain_chief_units', '链长单位', 20, 'units', 'exact', 'cqn-quality-chain-2024', '組織20家鏈長單位'),
 ('CN-LN', NULL, 2024, 'chain_master_enterprises', '链主企业', 24, 'enterprises', 'exact', 'cqn-quality-chain-2024', '協(xié)調(diào)24家鏈主企業(yè)'),
 ('CN-LN', NULL, 2024, 'technical_institutions', '赋能技术机构', 95, 'institutions', 'exact', 'cqn-quality-chain-2024', '賦能95家技術(shù)機構(gòu)'),
 ('CN-LN', NULL, 2024, 'chain_enterprises', '联动链上企业', 1755, 'enterprises', 'exact', 'cqn-quality-chain-2024', '聯(lián)動1755家鏈上企業(yè)'),
 ('CN-LN', NULL, 2024, 'quality_problems_listed', '梳理质量问题', 301, 'problems', 'exact', 'cqn-quality-chain-2024', '梳理質(zhì)量問題301條'),
 ('CN-LN', NULL, 2024, 'quality_maps', '绘制质量图谱', 28, 'maps', 'exact', 'cqn-quality-chain-2024', '繪制質(zhì)量圖譜28張'),
 ('CN-LN', NULL, 2024, 'key_tackling_projects', '重点攻关项目', 118, 'projects', 'exact', 'cqn-quality-chain-2024', '確定重點攻關(guān)項目118個'),
 ('CN-LN', NULL, 2024, 'research_institutes', '联络科研院所', 72, 'institutes', 'exact', 'cqn-quality-chain-2024', '聯(lián)絡(luò)科研院所72家'),
 ('CN-LN', NULL, 2024, 'innovation_consortia', '质量基础设施创新联合体', 5, 'consortia', 'exact', 'cqn-quality-chain-2024', '組建質(zhì)量基礎(chǔ)設(shè)施創(chuàng)新聯(lián)合體5個'),
 ('CN-LN', NULL, 2024, 'enterprise_investment_leveraged', '撬动企业投入经费', 870000000, 'yuan', 'about', 'cqn-quality-chain-2024', '撬動企業(yè)投入經(jīng)費近8.7億元'),
 ('CN-LN', NULL, 2024, 'one_stop_service_points', '“一站式”服务站点', 30, 'stations', 'exact', 'cqn-quality-chain-2024', '質(zhì)量基礎(chǔ)設(shè)施“一站式”服務(wù)站點30個'),
 ('CN-LN', NULL, 2024, 'specs_and_standards', '研制计量规范、技术标准和检验方法', 100, 'documents', 'exact', 'cqn-quality-chain-2024', '研制計量規(guī)范、技術(shù)標(biāo)準(zhǔn)和檢驗方法100項'),
 ('CN-LN', NULL, 2024, 'national_standards_compressors', '压缩机国家标准', 6, 'standards', 'exact', 'cqn-quality-chain-2024', '等6項國家標(biāo)準(zhǔn)'),
 -- Shaanxi
 ('CN-SN', NULL, 2024, 'key_chains', '质量强链产业链', 23, 'chains', 'exact', 'cqn-quality-chain-2024', '一鏈一策推動23條產(chǎn)業(yè)鏈開展質(zhì)量強鏈行動'),
 ('CN-SN', NULL, 2024, 'chain_master_enterprises', '链主企业', 94, 'enterprises', 'exact', 'cqn-quality-chain-2024', '陜西共發(fā)動94家鏈主企業(yè)'),
 ('CN-SN', NULL, 2024, 'chain_member_enterprises', '链员企业', 13279, 'enterprises', 'exact', 'cqn-quality-chain-2024', '陜西共發(fā)動94家鏈主企業(yè)'),
 ('CN-SN', NULL, 2024, 'research_institutes', '参与科研院所', 110, 'institutes', 'exact', 'cqn-quality-chain-2024', '陜西共發(fā)動94家鏈主企業(yè)'),
 ('CN-SN', NULL, 2024, 'chain_funding', '累计投入经费', 150000000, 'yuan', 'more than', 'cqn-quality-chain-2024', '累計投入經(jīng)費1.5億余元'),
 ('CN-SN', NULL, 2024, 'quality_problems_solved', '帮助企业解决质量问题', 112, 'problems', 'exact', 'cqn-quality-chain-2024', '幫助企業(yè)解決質(zhì)量問題112個'),
 ('CN-SN', NULL, 2024, 'expected_economic_benefit', '预计创造经济效益', 3200000000, 'yuan', 'expected', 'cqn-quality-chain-2024', '預(yù)計創(chuàng)造經(jīng)濟效益32億余元'),
 ('CN-SN', NULL, 2024, 'provincial_demonstration_chains', '省级示范链', 3, 'chains', 'exact', 'cqn-quality-chain-2024', '確定氫能、白酒、羊乳3條省級示范鏈'),
 ('CN-SN', NULL, 2024, 'municipal_chains', '市级产业链', 20, 'chains', 'exact', 'cqn-quality-chain-2024', '確定光伏、航天發(fā)動機、中藥等20條市級產(chǎn)業(yè)鏈'),
 ('CN-SN', NULL, 2024, 'hydrogen_key_technologies', '氢能联合攻关关键技术项目', 31, 'projects', 'exact', 'cqn-quality-chain-2024', '聯(lián)合攻關(guān)31項關(guān)鍵技術(shù)項目'),
 ('CN-SN', NULL, 2024, 'hydrogen_standards_initiated', '推动标准立项', 17, 'standards', 'exact', 'cqn-quality-chain-2024', '推動17項標(biāo)準(zhǔn)立項'),
 ('CN-SN', NULL, 2024, 'traditional_chain_projects', '传统产业质量强链项目', 11, 'projects', 'exact', 'cqn-quality-chain-2024', '實施11個傳統(tǒng)產(chǎn)業(yè)質(zhì)量強鏈項目'),
 ('CN-SN', NULL, 2024, 'goat_farming_local_standards', '奶山羊养殖地方标准', 14, 'standards', 'exact', 'cqn-quality-chain-2024', '該省制定奶山羊養(yǎng)殖地方標(biāo)準(zhǔn)14項'),
 ('CN-SN', NULL, 2024, 'goat_milk_group_standards', '羊乳产品团体标准', 12, 'standards', 'exact', 'cqn-quality-chain-2024', '團體標(biāo)準(zhǔn)12項'),
 ('CN-SN', NULL, 2024, 'commercial_vehicle_platform_enterprises', '商用车质量大数据平台链上企业', 2100, 'enterprises', 'more than', 'cqn-quality-chain-2024', '延伸至2100多家鏈上企業(yè)'),
 ('CN-SN', NULL, 2024, 'selenium_standards', '富硒国家、行业标准', 52, 'standards', 'exact', 'cqn-quality-chain-2024', '參與制定國家、行業(yè)標(biāo)準(zhǔn)52項'),
 ('CN-SN', NULL, 2024, 'ankang_selenium_tea_brand_value', '“安康富硒茶”品牌价值', 4775000000, 'yuan', 'exact', 'cqn-quality-chain-2024', '品牌價值達47.75億元'),
 -- Re-read for published figures the lake lacked
 ('CN-JS', NULL, 2024, 'national_key_chain_projects_rank', '入选全国百个质量强链重点项目数量排名', 1, 'rank', 'exact', 'cqn-quality-chain-2024', '數(shù)量居全國第一'),
 ('CN-HB', NULL, 2024, 'provincial_quality_regulation_rank', '《湖北省质量促进条例》是全国第几部省级质量促进地方性法规', 3, 'rank', 'exact', 'cqn-quality-chain-2024', '全國第三部省級質(zhì)量促進地方性法'),
 ('CN-AH', '341800', 2024, 'langxi_cqo_coverage_above_size', '郎溪县规上工业企业首席质量官制度覆盖率', 100, 'percent', 'exact', 'cqn-quality-chain-2024', '該縣已實現(xiàn)規(guī)模以上工業(yè)企業(yè)首席質(zhì)'),
 ('CN-JS', '321200', 2024, 'taizhou_quality_projects', '泰州质量提升攻关项目', 10, 'projects', 'exact', 'cqn-quality-chain-2024', '開展十大質(zhì)量提升項目攻關(guān)'),
 ('CN-HB', '420500', 2018, 'dangyang_pilot_enterprises', '当阳建陶试点企业', 2, 'enterprises', 'exact', 'hb-wqb-2020', '在两家试点企业取得立竿见影的效果');

-- ---------------------------------------------------------------------------------------------------------------
-- Reconciliations: the published total each set of rows sits under, and how they are held against it (`lake check`
-- runs every one; the overview shows the `headline` figures beside the lake's counts).
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE src_reconciliations (check_id VARCHAR, province_code VARCHAR, measure VARCHAR, program_id VARCHAR,
    year_from INTEGER, year_to INTEGER, kind VARCHAR, chain_id VARCHAR, city_code VARCHAR, metric VARCHAR, metric_year INTEGER,
    rule VARCHAR, headline BOOLEAN, label VARCHAR, note VARCHAR, source_id VARCHAR, anchor VARCHAR);
INSERT INTO src_reconciliations VALUES
 ('HB-2018-PILOTS', 'CN-HB', 'projects', 'HB-WQB', 2018, 2018, 'demonstration project', NULL, NULL, 'provincial_pilot_projects', 2018, 'matches', false, '2018', NULL, NULL, NULL),
 ('HB-2019-PROJECTS', 'CN-HB', 'projects', 'HB-WQB', 2019, 2019, 'demonstration project', NULL, NULL, 'provincial_projects', 2019, 'matches', false, '2019', NULL, NULL, NULL),
 ('HB-2020-PROJECTS', 'CN-HB', 'projects', 'HB-WQB', 2020, 2020, 'demonstration project', NULL, NULL, 'provincial_projects', 2020, 'matches', false, '2020',
  'the protective-supplies action of 2020 is an action, not one of the 26 projects', NULL, NULL),
 ('HB-2018-20-PROJECTS', 'CN-HB', 'projects', 'HB-WQB', 2018, 2020, 'demonstration project', NULL, NULL, 'projects_2018_2020', 2020, 'source inconsistent', true, 'demonstration projects 2018–20',
  'the source gives 12 (2018), 20 (2019) and 26 (2020) projects, 58 in all, but 78 for the three years; the lake keeps every figure as published', NULL, NULL),
 ('HB-2024-CHAIN-PROJECTS', 'CN-HB', 'projects', 'HB-CHAIN', 2024, 2024, 'chain project', NULL, NULL, 'chain_demonstration_projects', 2024, 'within', false, '2024', NULL, NULL, NULL),
 ('HB-2019-EXCELLENT', 'CN-HB', 'ratings', 'HB-WQB', 2019, 2019, 'excellent', NULL, NULL, 'projects_rated_excellent', 2019, 'matches', false, '2019', NULL, NULL, NULL),
 ('HB-2019-GOOD', 'CN-HB', 'ratings', 'HB-WQB', 2019, 2019, 'good', NULL, NULL, 'projects_rated_good', 2019, 'matches', false, '2019', NULL, NULL, NULL),
 ('HB-2019-CLIENTS', 'CN-HB', 'enterprises', 'HB-WQB', 2019, 2019, NULL, NULL, NULL, 'enterprises_served', 2019, 'matches', false, '2019', NULL, NULL, NULL),
 ('HB-2018-20-ENTERPRISES', 'CN-HB', 'enterprises', 'HB-WQB', 2018, 2020, NULL, NULL, NULL, 'enterprises_reached_2018_2020', 2020, 'within', true, 'firms reached 2018–20',
  'the lake holds the named firms and the detail under the 2018 pilots and the 2019 projects only', NULL, NULL),
 ('HB-2021-CLIENTS', 'CN-HB', 'enterprises', 'HB-WQB', 2021, 2021, NULL, NULL, NULL, NULL, NULL, 'side by side', false, '2021',
  'no count of the 2021 projects'' client firms is published: the synthetic firms under them (12 to 40 each) are illustrative detail', 'hb-2022-wqbsy-notice', '1.2021年度“万千百”质量提升省级示范项目绩效'),
 ('HB-MAOZUI-FIRMS', 'CN-HB', 'enterprises', NULL, NULL, NULL, NULL, 'HB-CL-XT-MAOZUI', '429004', 'maozui_park_firms', 2017, 'within', false, '毛嘴 park firms',
  'the lake holds the 16 firms the 2018 project surveyed, of the park''s 168', NULL, NULL),
 ('HB-MAOZUI-SURVEYED', 'CN-HB', 'enterprises', NULL, NULL, NULL, NULL, 'HB-CL-XT-MAOZUI', '429004', 'maozui_firms_surveyed', 2018, 'matches', false, '毛嘴 firms surveyed 2018', NULL, NULL, NULL),
 ('HB-2018-PARTICIPANTS', 'CN-HB', 'enterprises', 'HB-WQB', 2018, 2018, NULL, NULL, NULL, 'participating_enterprises', 2018, 'within', false, 'participating firms 2018',
  'the lake holds the firms of the two named 2018 pilots only', NULL, NULL),
 ('HB-SOFTWARE-FIRMS', 'CN-HB', 'enterprises', NULL, NULL, NULL, NULL, 'HB-CH-SOFTWARE', NULL, 'software_chain_key_enterprises', 2022, 'within', false, 'software chain key firms 2022',
  'the 20 firms are not named', NULL, NULL),
 ('HB-MASK-MAKERS', 'CN-HB', 'enterprises', NULL, NULL, NULL, NULL, 'HB-CH-PPE', NULL, 'mask_makers_screened', 2020, 'within', false, 'mask makers screened 2020',
  'the 246 firms are not named', NULL, NULL),
 ('HB-DANGYANG-PILOTS', 'CN-HB', 'enterprises', NULL, NULL, NULL, NULL, 'HB-CL-DY-CERAMIC', '420500', 'dangyang_pilot_enterprises', 2018, 'matches', false, '当阳 pilots', NULL, NULL, NULL),
 ('HB-SME-SHARE', 'CN-HB', 'sme share', NULL, NULL, NULL, NULL, NULL, NULL, 'sme_share_of_cluster_firms', 2020, 'matches', false, 'cluster firms',
  'small, medium and micro firms among the Hubei enterprises with a size class', NULL, NULL),
 ('SN-CHAINS', 'CN-SN', 'chains', NULL, NULL, NULL, NULL, NULL, NULL, 'key_chains', 2024, 'matches', false, '2024', NULL, NULL, NULL),
 ('SN-MASTERS', 'CN-SN', 'enterprises', NULL, NULL, NULL, 'chain master', NULL, NULL, 'chain_master_enterprises', 2024, 'matches', false, '链主 2024', NULL, NULL, NULL),
 ('SN-MEMBERS', 'CN-SN', 'enterprises', NULL, NULL, NULL, 'chain member', NULL, NULL, 'chain_member_enterprises', 2024, 'matches', true, 'chain members (链员) 2024',
  'LONGi Hydrogen, named in the source, is taken as one of the member enterprises (the source does not give its role)', NULL, NULL),
 ('SN-HYDROGEN-PROJECTS', 'CN-SN', 'projects', NULL, NULL, NULL, NULL, 'SN-CH-HYDROGEN', NULL, 'hydrogen_key_technologies', 2024, 'within', false, 'hydrogen joint tackling projects 2024',
  'the 31 projects are not named; they are not among the 11 traditional-industry projects', NULL, NULL),
 ('SN-PROJECTS', 'CN-SN', 'projects', NULL, NULL, NULL, NULL, NULL, NULL, 'traditional_chain_projects', 2024, 'within', true, 'traditional-industry chain projects 2024', NULL, NULL, NULL),
 ('LN-CHAINS', 'CN-LN', 'chains', NULL, NULL, NULL, NULL, NULL, NULL, 'key_chains', 2024, 'matches', false, '2024', NULL, NULL, NULL),
 ('LN-ENTERPRISES', 'CN-LN', 'enterprises', NULL, NULL, NULL, NULL, NULL, NULL, 'chain_enterprises', 2024, 'matches', true, 'chain firms linked 2024', NULL, NULL, NULL),
 ('LN-MASTERS', 'CN-LN', 'enterprises', NULL, NULL, NULL, 'chain master', NULL, NULL, 'chain_master_enterprises', 2024, 'matches', false, '链主 2024', NULL, NULL, NULL),
 ('LN-PROJECTS', 'CN-LN', 'projects', NULL, NULL, NULL, NULL, NULL, NULL, 'key_tackling_projects', 2024, 'within', true, 'key tackling (攻关) projects set 2024', NULL, NULL, NULL),
 ('GD-ENTERPRISES', 'CN-GD', 'enterprises', NULL, NULL, NULL, NULL, NULL, NULL, 'chain_enterprises_helped', 2024, 'within', true, 'chain firms helped 2024', NULL, NULL, NULL),
 ('GD-FIELDS', 'CN-GD', 'chains', NULL, NULL, NULL, 'emerging industry field', NULL, NULL, 'emerging_industry_fields', 2024, 'within', false, 'emerging industry fields 2024', NULL, NULL, NULL),
 ('GD-CHAINS', 'CN-GD', 'chains', NULL, NULL, NULL, 'industry chain', NULL, NULL, 'key_chains', 2024, 'within', false, '2024', NULL, NULL, NULL),
 ('GD-PROJECTS', 'CN-GD', 'projects', NULL, NULL, NULL, NULL, NULL, NULL, 'key_tackling_projects', 2024, 'within', true, 'tackling (攻关) list items 2024', NULL, NULL, NULL),
 ('AH-ENTERPRISES', 'CN-AH', 'enterprises', NULL, NULL, NULL, NULL, NULL, NULL, 'smes_in_tqm', 2017, 'within', true, 'SMEs in total quality management 2017', NULL, NULL, NULL),
 ('JS-PROJECTS', 'CN-JS', 'projects', NULL, NULL, NULL, NULL, NULL, NULL, 'national_key_chain_projects', 2024, 'within', true, 'national key chain projects 2024', NULL, NULL, NULL),
 ('JS-TACKLING-PROJECTS', 'CN-JS', 'projects', NULL, NULL, NULL, NULL, NULL, NULL, 'quality_tackling_projects', 2024, 'within', false, 'tackling (攻关) projects 2024', NULL, NULL, NULL),
 ('FJ-BAMBOO-FIRMS', 'CN-FJ', 'enterprises', NULL, NULL, NULL, NULL, 'FJ-CH-NP-BAMBOO', '350700', 'bamboo_firms_above_size', 2024, 'within', false, 'bamboo firms above designated size 2024',
  'Fujian''s only published count the lake''s rows can be held against; the 220 firms are not named', NULL, NULL),
 ('JS-CHAINS', 'CN-JS', 'chains', NULL, NULL, NULL, 'industry chain', NULL, NULL, 'key_chains', 2024, 'within', false, '2024', NULL, NULL, NULL),
 ('SD-PROJECTS', 'CN-SD', 'projects', NULL, NULL, NULL, NULL, NULL, NULL, 'quality_tackling_projects', 2024, 'within', true, 'tackling (攻关) projects solicited 2024', NULL, NULL, NULL);


-- ---------------------------------------------------------------------------------------------------------------
-- The lake's tables (the builder fills source_quote from `anchor` and drops `anchor`).
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE lake_sources AS
 SELECT source_id, title_zh AS title, title_en, publisher, published_on, date_note, file, anchor, false AS is_synthetic
 FROM src_sources;
CREATE TABLE lake_provinces AS
 SELECT province_code, name_zh, name_en, source_id, anchor, false AS is_synthetic FROM src_provinces;
CREATE TABLE lake_cities AS
 SELECT city_code, province_code, name_zh, name_en, level, source_id,
        CASE WHEN row_quote THEN '@annex3:' || regexp_extract(anchor, '^[^\n]+') ELSE anchor END AS anchor, false AS is_synthetic
 FROM src_cities;
CREATE TABLE lake_programs AS
 SELECT program_id, province_code, name_zh, name_en, kind, start_year, end_year, source_id, anchor, false AS is_synthetic FROM src_programs;
CREATE TABLE lake_chains AS
 SELECT *, false AS is_synthetic FROM src_chains UNION ALL SELECT *, true FROM syn_chains;
CREATE TABLE lake_projects AS
 SELECT *, false AS is_synthetic FROM src_projects UNION ALL SELECT *, true FROM syn_projects;
CREATE TABLE lake_ratings AS
 SELECT *, false AS is_synthetic FROM src_ratings UNION ALL SELECT *, true FROM syn_ratings;
CREATE TABLE lake_coverage AS
 SELECT c.province_code, c.city_code, c.program_id, c.year, c.tier, l.tier_en, c.target, c.actual, c.actual_qualifier,
        c.source_id, c.anchor, c.actual_anchor, false AS is_synthetic
 FROM src_coverage c JOIN tier_labels l USING (tier);
CREATE TABLE lake_funding AS
 SELECT f.funding_id, f.program_id, f.project_id, f.province_code, f.year, f.kind, k.class, f.scope, f.part_of, f.payer,
        f.amount_yuan, f.qualifier, f.note, f.source_id, f.anchor, f.is_synthetic
 FROM (SELECT *, false AS is_synthetic FROM src_funding UNION ALL SELECT *, true FROM syn_funding) f JOIN funding_kinds k USING (kind);
CREATE TABLE lake_organisations AS
 SELECT *, false AS is_synthetic FROM src_organisations;
CREATE TABLE lake_enterprises AS
 SELECT *, false AS is_synthetic FROM src_enterprises UNION ALL SELECT *, true FROM syn_enterprises;
CREATE TABLE lake_indicators AS
 SELECT *, false AS is_synthetic FROM src_indicators;
CREATE TABLE lake_reconciliations AS
 SELECT r.* EXCLUDE (source_id, anchor), coalesce(i.source_id, r.source_id) AS source_id, coalesce(i.anchor, r.anchor) AS anchor,
        false AS is_synthetic
 FROM src_reconciliations r LEFT JOIN src_indicators i
   ON i.province_code = r.province_code AND i.city_code IS NOT DISTINCT FROM r.city_code
  AND i.year IS NOT DISTINCT FROM r.metric_year AND i.metric = r.metric;

-- ---------------------------------------------------------------------------------------------------------------
-- Quotes: every (source, anchor) pair resolved to the verbatim sentence or table row around it.
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE seed AS
 SELECT s.source_id, t.content FROM src_sources s JOIN read_text(getvariable('seed_dir') || '/*.txt') t
   ON t.filename LIKE '%' || s.file;

-- Table rows of the 2022 notice's annexes are quoted as they stand in the file, one cell per line.
CREATE MACRO anchor_text(a) AS CASE
  WHEN starts_with(a, '@annex1:') THEN
    (SELECT seq || chr(10) || chr(9) || name_zh || chr(10) || chr(9) || rating_zh FROM src_annex1 WHERE seq = TRY_CAST(substr(a, 9) AS INTEGER))
  WHEN starts_with(a, '@annex3:') THEN
    (SELECT city_zh || chr(10) || chr(9) || wan || chr(10) || chr(9) || qian || chr(10) || chr(9) || bai FROM src_annex3 WHERE city_zh = substr(a, 9))
  ELSE a END;

CREATE TABLE anchor_refs AS
 SELECT DISTINCT source_id, anchor FROM (
   SELECT source_id, anchor FROM lake_sources UNION ALL SELECT source_id, anchor FROM lake_provinces
   UNION ALL SELECT source_id, anchor FROM lake_cities UNION ALL SELECT source_id, anchor FROM lake_programs
   UNION ALL SELECT source_id, anchor FROM lake_chains UNION ALL SELECT source_id, anchor FROM lake_projects
   UNION ALL SELECT source_id, anchor FROM lake_ratings UNION ALL SELECT source_id, anchor FROM lake_rating_scores
   UNION ALL SELECT source_id, anchor FROM lake_coverage UNION ALL SELECT source_id, actual_anchor FROM lake_coverage WHERE actual_anchor IS NOT NULL
   UNION ALL SELECT source_id, anchor FROM lake_funding UNION ALL SELECT source_id, anchor FROM lake_organisations
   UNION ALL SELECT source_id, anchor FROM lake_enterprises UNION ALL SELECT source_id, anchor FROM lake_indicators
   UNION ALL SELECT source_id, anchor FROM lake_reconciliations);

CREATE TABLE quotes AS
 WITH needles AS (SELECT r.source_id, r.anchor, anchor_text(r.anchor) AS needle, starts_with(r.anchor, '@') AS is_row FROM anchor_refs r)
 SELECT n.source_id, n.anchor, n.needle,
        (length(s.content) - length(replace(s.content, n.needle, ''))) // greatest(length(n.needle), 1) AS occurrences,
        CASE WHEN n.is_row THEN n.needle
             ELSE trim(regexp_extract(s.content, '[^。！？\n]*' || regexp_escape(n.needle) || '[^。！？\n]*[。！？]?'), ' \t　')
        END AS quote
 FROM needles n LEFT JOIN seed s USING (source_id);

-- The builder refuses to write a lake while this view has rows.
CREATE VIEW anchor_problems AS
 SELECT source_id, anchor, occurrences, quote FROM quotes
 WHERE needle IS NULL OR occurrences IS DISTINCT FROM 1 OR quote IS NULL OR quote = ''
 UNION ALL
 SELECT source_id, NULL, NULL, 'unknown source' FROM anchor_refs WHERE source_id NOT IN (SELECT source_id FROM seed);

-- A lake table with `anchor` (and, for coverage, `actual_anchor`) replaced by the quotes.
CREATE MACRO with_quotes(tbl) AS TABLE
 SELECT t.* EXCLUDE (anchor), q.quote AS source_quote FROM query_table(tbl) t JOIN quotes q USING (source_id, anchor);

-- Coverage rows whose actual comes from another sentence than the target carry that sentence too.
ALTER TABLE lake_coverage ADD COLUMN actual_quote VARCHAR;
UPDATE lake_coverage SET actual_quote = (
  SELECT q.quote FROM quotes q WHERE q.source_id = lake_coverage.source_id AND q.anchor = lake_coverage.actual_anchor);
