# 按键帮助：每个动作做什么（动作名见 keymap.rs），以及按键在哪里生效。

context-global = 任何位置
context-grid = 结果表格
context-console = SQL 控制台
context-form = 参数表单和对话框
context-reading = 帮助、单元格和来源弹窗

action-quit = 退出 qlake
action-next-pane = 下一个面板
action-previous-pane = 上一个面板
action-help = 本帮助
action-command-line = 命令行（:q、:export 文件、:lang、:pane 名称）
action-toggle-language = 中文 / 英文（界面和名称）
action-cancel = 取消正在运行的查询
action-up = 上一行
action-down = 下一行
action-left = 左一列
action-right = 右一列
action-page-up = 上一页
action-page-down = 下一页
action-top = 第一行
action-bottom = 最后一行
action-open = 打开：下钻、运行、选定
action-back = 返回上一级 / 关闭弹窗
action-search = 筛选含某段文字的行
action-frequency = 当前列的取值频次
action-sort-ascending = 按当前列升序排列
action-sort-descending = 按当前列降序排列
action-then-sort-ascending = 再按此列升序（增加排序键）
action-then-sort-descending = 再按此列降序（增加排序键）
action-clear-filter = 清除筛选和排序
action-hide-column = 隐藏当前列
action-show-columns = 重新显示隐藏的列
action-undo = 撤销上一次筛选、排序或隐藏列
action-cell-detail = 显示完整单元格
action-where-from = 这一行的出处
action-copy-cell = 复制单元格（OSC 52）
action-copy-row = 复制整行（OSC 52）
action-export = 导出当前视图的全部行（含屏幕外的）
action-refresh = 重新运行
action-find = 按名称查找：省、市、产业链、项目、企业
action-narrower = 当前列变窄
action-wider = 当前列变宽
action-run = 运行语句
action-history-previous = 历史中的上一条语句
action-history-next = 历史中的下一条语句
action-save-query = 存为已存查询
action-complete = 补全表名或列名
action-next-field = 下一个字段
action-previous-field = 上一个字段
action-submit = 确认

help-title = 按键：{ $pane }
help-text-fields = 文本框
help-figures = 数字标记
help-mark-at-least = 至少（据不完全统计、以上）
help-mark-more-than = 多于（超、余、多）
help-mark-about = 约（近、约）
help-mark-at-most = 至多、最高
help-mark-expected-example = 150万（预计）
help-mark-expected = 预计（预计、可达）
help-mark-slice = 湖仓中与公布数字同口径的记录数，括号内为真实记录
help-mark-synthetic = 真实评级数，旁边为合成评级数
help-mark-contradicts = 来源自相矛盾（按 i 查看原句）
help-sql-editor = SQL 编辑器
help-mouse = 鼠标
help-commands = `:` 命令：{ $commands }

where-title = 出处
where-source = 出处：{ $source }
where-loading = 正在读取文件…
where-synthetic = 合成记录：为补足下方引文中公布的总数而生成的明细

keys-doc-intro = # 按键

    由 `src/tui/keymap.rs` 中的键位表生成，测试保证本文件与之一致（英文版：[keys.md](keys.md)）。每个动作都可以在配置文件中重新绑定：可以在它所在的所有场景中生效（在输入文字的地方，普通字符不会取代按键），也可以只在某一场景中生效，写作 `场景.动作`，场景名见下方各节标题，例如：
keys-doc-keys = 按键
keys-doc-action = 动作
keys-doc-config-name = 配置中的名称
keys-doc-what = 作用
keys-doc-fields = 所有文本框（提示行、导出文件名、表单）的编辑方式相同：
keys-doc-editor = 编辑时，输入的文字进入 SQL；编辑器自己的按键：
keys-doc-mouse = 鼠标
keys-doc-mouse-off = （在配置文件中写 `mouse = false`，或设 `QLAKE_MOUSE=0`，鼠标留给终端使用）
keys-doc-mouse-column = 鼠标

keys-unknown-context = [keys]：`{ $name }` 中的场景 `{ $context }` 不存在
keys-unknown-action = [keys]：没有名为 `{ $action }` 的动作
keys-not-a-key = [keys]：`{ $key }` 不是一个按键（用于 `{ $name }`）
keys-conflict = [keys]：`{ $key }` 会同时成为 `{ $action }` 和 `{ $other }` 的按键（{ $context }）；请给其中一个换一个键
keys-unknown-key = 未知按键 <{ $name }>
