# 湖仓词表的中文读法（取值见 docs/schema.md）。没有消息的取值按原样显示。

mark-expected = { $value }（预计）

vocab-kind-programme-grant = 项目补助资金
vocab-kind-special-fund = 专项资金
vocab-kind-local-match = 地方配套
vocab-kind-award-subsidy = 奖补资金
vocab-kind-service-purchase = 购买服务
vocab-kind-programme-spending = 项目支出
vocab-kind-loan = 贷款
vocab-kind-credit-line = 授信额度
vocab-kind-enterprise-investment = 企业投入
vocab-kind-unspecified = 未说明

vocab-kind-short-programme-grant = 补助
vocab-kind-short-special-fund = 专项
vocab-kind-short-local-match = 配套
vocab-kind-short-award-subsidy = 奖补
vocab-kind-short-service-purchase = 购买服务
vocab-kind-short-programme-spending = 支出
vocab-kind-short-loan = 贷款
vocab-kind-short-credit-line = 授信
vocab-kind-short-enterprise-investment = 企业投入
vocab-kind-short-unspecified = 未说明


vocab-kind-campaign = 专项行动
vocab-kind-quality-chain = 质量强链
vocab-kind-award = 奖励
vocab-kind-training = 培训
vocab-kind-regulation = 规范
vocab-kind-industrial-cluster = 产业集群
vocab-kind-industry-chain = 产业链
vocab-kind-industry = 产业
vocab-kind-emerging-industry-field = 新兴产业领域
vocab-kind-demonstration-project = 示范项目
vocab-kind-action = 行动
vocab-kind-chain-project = 强链项目
vocab-class-public-money = 财政资金
vocab-class-credit = 信贷
vocab-class-enterprise-investment = 企业投入
vocab-class-unspecified = 未说明
vocab-scope-item = 单项
vocab-scope-annual-total = 年度合计
vocab-scope-cumulative-total = 累计合计
vocab-size_class-large = 大型
vocab-size_class-medium = 中型
vocab-size_class-small = 小型
vocab-size_class-micro = 微型
vocab-chain_role-chain-master = 链主
vocab-chain_role-chain-member = 链员
vocab-measure-projects = 项目
vocab-measure-enterprises = 企业
vocab-measure-chains = 产业链
vocab-measure-ratings = 评价
vocab-measure-sme-share = 中小企业占比
vocab-rule-matches = 相符
vocab-rule-within = 不超过
vocab-rule-side-by-side = 并列
vocab-rule-source-inconsistent = 来源自相矛盾
vocab-qualifier-exact = 准确
vocab-actual_qualifier-exact = 准确
vocab-qualifier-more-than = 超过
vocab-actual_qualifier-more-than = 超过
vocab-qualifier-about = 约
vocab-actual_qualifier-about = 约
vocab-qualifier-at-least = 至少
vocab-actual_qualifier-at-least = 至少
vocab-qualifier-at-most = 至多
vocab-actual_qualifier-at-most = 至多
vocab-qualifier-up-to = 最高
vocab-actual_qualifier-up-to = 最高
vocab-qualifier-expected = 预计
vocab-actual_qualifier-expected = 预计

vocab-boolean-true = 是
vocab-boolean-false = 否
