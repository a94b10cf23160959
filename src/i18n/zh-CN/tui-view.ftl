# 终端界面的框架：标签栏、状态栏、标题和各面板的表头。

view-too-small = qlake：窗口太小
view-language-mark = {"  "}中文
view-error = 出错：{ $error }

status-lake = 湖仓：{ $lake }
status-engine = 引擎：{ $engine }
status-row = 第 { $row }/{ $total } 行
status-ms = { $ms } ms
status-filter-equals = 筛选 { $column }={ $value }
status-filter-contains = 筛选 /{ $text }
status-sort = 排序 { $keys }
status-hidden = 隐藏 { $count } 列（+ 显示）
status-running = { $spinner } 运行中{ $done } · Ctrl+C 取消

pane-dashboard = 总览
pane-dashboard-describe = 总览
pane-dashboard-hint = Enter：打开省份 · Tab：下一面板 · ?：按键
pane-explore = 下钻
pane-explore-describe = 下钻（逐级查看）
pane-explore-hint = {""}
pane-ratings = 评价
pane-ratings-describe = 项目验收评价
pane-ratings-hint = :year 年份  :province 省代码  :rating 等次
pane-queries = 查询
pane-queries-describe = 已存查询
pane-queries-hint = Enter：运行
pane-console = SQL
pane-console-describe = SQL 控制台
pane-console-hint = F5/Ctrl+R：运行 · Esc：结束编辑 · Ctrl+P/N：历史 · Ctrl+S：存为查询
pane-coverage = 目标
pane-coverage-describe = 目标完成情况
pane-coverage-hint = :year 年份  :province 省代码
pane-funding = 资金
pane-funding-describe = 按种类、范围和年份看资金
pane-funding-hint = :year 年份  :province 省代码

heading-overview = 总览 · { $hint }
heading-ratings = 项目验收评价 · { $hint }
heading-ratings-filtered = 项目验收评价 [{ $filters }] · { $hint }
heading-queries = 已存查询 · { $hint }
heading-queries-result = 已存查询 › { $query }
heading-queries-form = 已存查询 › { $query }（参数）
heading-console = SQL 控制台 · { $hint }

console-editing = SQL（编辑中 · Esc 退出）
console-not-editing = SQL · Enter 编辑
console-tables = 表 · Tab 补全
console-reading-lake = 正在读取湖仓…

grid-no-rows = 无记录
grid-no-rows-for = { $asked } 无记录
grid-loading = 加载中…

chart-coverage-title = 各市“万”级目标
chart-coverage-none = 万：本年度无市级目标
chart-coverage-reached = { $city } 完成 { $percent }%
chart-money-title = 按种类的资金

scores = { $project } 的分项得分：{ $items }
scores-synthetic = { $project } 的分项得分（合成数据，仅作示意）：{ $items }
scores-none = { $project }：湖仓中没有分项得分

kpi-none-published = 未公布
kpi-projects-header = 项目：湖仓（真实）· 公布
kpi-firms-header = 企业：湖仓（真实）· 公布
kpi-excellent = 优秀率
kpi-legend = 湖仓（真实）：与公布数字同口径的记录数，括号内为真实记录 · 78+ 至少，>N 多于，≈N 约 · * 来源自相矛盾（按 i 查看）· 优秀率只计真实评级

money-annual-totals = 年度合计
money-cumulative-totals = 累计合计
money-items = 单项，按类别和年份相加
money-other = 其他金额
money-one-scale = { $heading } · 统一刻度{ $more }

export-title = 导出
export-all = 全部
export-rows = 导出 { $rows } 行（按当前视图的筛选和排序）
export-file = 文件：
export-hint = Tab：格式 · 未选格式时按文件扩展名决定 · Enter：导出 · Esc：取消
frequency-title = { $label }（Enter：打开这些行，Esc：关闭）
reading-position = {" · "}第 { $first }–{ $last } 行，共 { $total } 行 · j/k PgUp/PgDn g/G
reading-title = { $title }（Esc 关闭）{ $position }
save-params-heading = 存为查询 `{ $name }`：为每个参数选择类型
save-params-types = 类型：text、integer、decimal、date、boolean、choice(a, b)；其后可写 `= 默认值` 或 `optional`
save-params-keys = Tab/↓ 下一个参数 · Enter 保存 · Esc 取消
run-params-heading = 语句的参数：逐个填写取值
run-params-types = 每个值按语句中与之比较的类型读取；留空即为 NULL
run-params-keys = Tab/↓ 下一个参数 · Enter 运行 · Esc 返回 SQL
form-keys = Tab/↓ 下一个字段 · ←/→ 选择选项 · Enter 运行 · Esc 返回

crumb-provinces = 各省
frequency-label = { $query } 中 { $column } 的取值频次
status-saved-as = 已保存为 { $path }
status-search-no-grid = `/` 用于筛选表格中的行；此视图没有表格（按 f 按名称查找）

rescue-report = qlake 已恢复终端；请连同出错前的操作步骤一起报告此问题
terminal-signal-handler = 无法设置信号处理：{ $error }
terminal-lake-changed-but = 湖仓已变化，但{ $error }
workers-cannot-start = 无法启动工作线程：{ $error }
workers-failed = 查询的工作线程出错；请报告此问题
jobs-count-no-number = 计数没有返回数字
status-cancelling = 正在取消…
