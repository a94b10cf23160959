# 核心代码中最常见的错误：只读闸门拒绝执行的原因、已存查询的参数问题，以及导入时在文件中发现的问题。
# 英文版的许多句子有测试逐字比对；中文版可以按中文习惯自由组织语序。

## 错误类别（`Error` 在具体内容外加上的话）

# 作为湖仓的文件夹无法读取；$reason 说明原因。
err-lake-not-found = 湖仓文件夹 { $path }：{ $reason }
err-refused = qlake 只允许只读查询，已拒绝：{ $reason }
# $context 是当时在做的事；$message 是 DuckDB 自己的报错。
err-locked-down = { $context }：被 DuckDB 的访问锁定拒绝：{ $message }
err-interrupted = 已中断
# 单独一行，跟在删去了“用 SET 更改设置”建议的 DuckDB 报错之后。
err-setting-advice-removed = （DuckDB 建议更改的设置在 qlake 中已锁定，这条建议不适用。）
# 单独一行，跟在查询用尽临时磁盘空间时 DuckDB 的报错之后。
err-spill-hint = 该查询需要的临时磁盘空间超过了 qlake 允许单个进程使用的上限（默认为磁盘可用空间的四分之一，以免一个查询占满共享磁盘）：请缩小查询范围，或通过 QLAKE_MAX_TEMP=40GiB 或配置文件中的 max_temp 提高上限。
# 句中列举多项（名称、取值、SQL 关键字）时的分隔符。
err-list-separator = 、

## 只读闸门拒绝的原因（接在“qlake 只允许只读查询，已拒绝：”之后）

err-gate-nul = 语句中含有 NUL 字节
err-gate-too-long = 语句长 { $bytes } 字节，qlake 只读取不超过 { $mib } MiB 的语句
err-gate-beyond-parse-limits = 语句超出了 qlake 的解析范围（共 { $tokens } 个词法单元，上限 { $most_tokens } 个；括号嵌套 { $depth } 层，上限 { $deepest } 层）
err-gate-too-many-query-blocks = 语句含有 { $count } 个查询块（SELECT 及集合运算），而 qlake 一条语句最多只运行 { $most } 个：DuckDB 的查询规划开销比查询块数量增长得更快
err-gate-empty = 没有要运行的语句
# $kinds 列出 DuckDB 读到的语句类型（SELECT、COPY 等）。
err-gate-several-statements = 解析出 { $count } 条语句（{ $kinds }）；qlake 每次只运行一条只读语句
# $explain 为 ANALYZE 或空；$inner 是 EXPLAIN 所包裹语句的类型（COPY、INSERT 等）。
err-gate-explain-wraps = EXPLAIN { $explain } 包裹的是一条 { $inner } 语句；qlake 只对只读查询执行 EXPLAIN
err-gate-pivot-without-in = DuckDB 会把这条语句拆成多条运行（不带 IN 列表的 PIVOT 会先创建一个类型）；请列出取值：PIVOT … ON column IN (…)
# $kind 是 DuckDB 所说的语句类型（INSERT、COPY、ATTACH、SET 等）。
err-gate-not-read-only = 不允许执行 { $kind } 语句；qlake 只运行只读查询（SELECT、WITH、FROM、VALUES、DESCRIBE、SUMMARIZE、PIVOT、EXPLAIN）
err-gate-writing-node = 查询内部含有一条 { $node } 语句（会写入数据）；qlake 是只读的
err-gate-uninspectable = 查询中有一部分无法检查（{ $reason }），因此不予运行
# $reason 是下面的 err-gate-reason-* 之一。
err-gate-function-refused = 不允许使用函数 `{ $name }`：它{ $reason }
err-gate-table-function-refused = 不允许使用表函数 `{ $name }`：它{ $reason }
err-gate-view-refused = 不允许使用 DuckDB 的视图 `{ $name }`：它{ $reason }
err-gate-function-unknown = DuckDB 中没有 qlake 认识的函数 `{ $name }`：查询只能调用 DuckDB 目录中的函数，且每个函数都须经 qlake 分类（见 docs/reliability.md）
err-gate-table-function-unknown = DuckDB 中没有 qlake 认识的表函数 `{ $name }`：查询只能调用 DuckDB 目录中的函数，且每个函数都须经 qlake 分类（见 docs/reliability.md）
err-gate-file-by-path = `{ $name }` 会按路径读取文件；请按表名查询湖仓中的表
err-gate-show-not-lake-table = 在这里，DESCRIBE、SUMMARIZE 和 SHOW 只能用于湖仓中的表（`{ $name }` 不是湖仓的表；对其他名称执行 `SHOW <name>` 显示的是 DuckDB 的某项设置或其他目录对象）
err-gate-remote-show = DESCRIBE、SUMMARIZE 和 SHOW 是 DuckDB 专有的；在远程引擎上，查询只能读取湖仓中的表
err-gate-remote-qualified = `{ $name }` 指向其他 catalog 或 schema；在远程引擎上，查询只能直接用表名读取湖仓中的表
err-gate-remote-not-lake-table = `{ $name }` 不是湖仓中的表；在远程引擎上，查询只能读取湖仓中的表（{ $tables }）
err-gate-remote-table-function = 表函数 `{ $name }` 读取的内容由引擎决定，而不是湖仓中的表；在远程引擎上，查询只能读取湖仓中的表

## 函数或视图被拒绝的原因：接在上面各句的“它”之后

err-gate-reason-runs-sql = 会执行自带的 SQL 文本，只读闸门无法检查其内容
err-gate-reason-writes = 会写入数据（写入数据库、序列或日志）
err-gate-reason-settings = 会读取或更改 DuckDB 的设置，而这些设置中有湖仓的全部路径和 qlake 的访问锁定
err-gate-reason-secrets = 会显示凭据（secrets）
err-gate-reason-paths = 会显示文件路径（视图定义中的湖仓文件以及数据库、扩展和临时文件的路径）
err-gate-reason-file-metadata = 会列出文件系统中的内容
err-gate-reason-session = 会显示或更改会话状态（日志、预处理语句、变量或随机数种子）
err-gate-reason-external = 会访问其他连接或外部资源
err-gate-reason-memory = 会读取给定地址处的内存
err-gate-reason-sleep = 会占用引擎却不读取数据，而且无法取消
err-gate-reason-database = 会打开数据库文件
err-gate-reason-internal = 是 DuckDB 的内部机制，不供查询使用

## 已存查询及其参数

err-query-param-twice = 查询 `{ $query }` 的参数 `{ $param }` 给了两次，请只给一次
err-query-no-such-param = 查询 `{ $query }` 没有参数 `{ $param }`；它的参数有：{ $params }
err-query-no-such-param-none = 查询 `{ $query }` 没有参数 `{ $param }`；该查询不带任何参数
# $why 是下面的 err-value-* 之一。
err-query-param-value = 查询 `{ $query }` 的参数 `{ $param }`：{ $why }
# 查询文件中的默认值不符合参数的类型。
err-query-param-default = { $path }：参数 `{ $param }` 的默认值有误：{ $why }
# $kind 是查询文件中写的参数类型（integer、date、choice(a, b) 等）；$description 是文件中的说明。
err-query-param-needed = 查询 `{ $query }` 需要用 --param { $param }=… 给出该参数（{ $kind }：{ $description }）
# `choice of 表.列` 类型的参数取了湖仓中没有的值；$values 是湖仓中已有的（部分）取值。
err-query-value-not-in-lake = 查询 `{ $query }` 的参数 `{ $param }`：本湖仓的 { $table }.{ $column } 中没有 `{ $value }`（{ $held ->
        [none] 该列没有任何取值
        [more] 现有取值：{ $values } 等
       *[all] 现有取值：{ $values }
    }）
# $engines 是查询 `-- engines:` 行中的方言；$engine 是目标引擎的方言。
err-query-not-for-engine = 查询 `{ $query }` 只适用于 { $engines }（见其 `-- engines:` 行），因此不会发给使用 { $engine } SQL 的引擎；各查询能在哪些引擎上运行，见 `qlake query list`
err-query-unknown = 没有名为 `{ $name }` 的已存查询；全部查询见 `qlake query list`
# $closest：至多三个名称，各加反引号。
err-query-unknown-did-you-mean = 没有名为 `{ $name }` 的已存查询；是不是要找 { $closest }？

## 参数的取值（接在“查询 `QUERY` 的参数 `NAME`：”之后）；$value 是输入的值，带双引号

err-value-nul = 取值中含有 NUL 字节
err-value-not-integer = { $value } 不是整数
err-value-not-decimal = { $value } 不是有效的数值
err-value-not-boolean = { $value } 不是布尔值（应为 true 或 false）
err-value-not-date = { $value } 不是日期（格式应为 YYYY-MM-DD）
err-value-not-a-choice = { $value } 不在可选值之列：{ $choices }
err-value-not-a-province = { $value } 不是省份的代码或名称

## 导入（`lake import`）：命令行

# $flag 为 --unit 或 --map；$value 是给了两次的列。
err-import-option-twice = { $flag }：`{ $value }` 给了两次，请只给一次
err-import-reason-missing = { $flag } 需要用文字写明理由，理由会记入导入日志
err-import-reason-too-long = { $flag }：理由最多 { $most } 个字符（理由会记入导入日志）
err-import-no-such-table = 数据规范中没有 `{ $table }` 表（现有的表：{ $tables }）
err-import-hive-partitioned = { $root }：`{ $table }` 表以 Hive 分区方式存储；导入只会添加普通文件，无法导入该表
err-import-table-folder-not-a-folder = { $folder }：这是符号链接或文件，而不是湖仓的文件夹；导入只写入湖仓自己的表文件夹
err-import-document-folder-not-a-folder = { $folder }：这是符号链接或文件，而不是湖仓的文件夹；来源文件的原文只写入湖仓自己的文件夹

## 导入：文件的列（每条一行，最后是 err-import-nothing-imported）

err-import-missing-column = { $file }：缺少 `{ $column }` 列，`{ $table }` 表要求必须有这一列
err-import-unit-not-money = --unit { $column }={ $unit }：`{ $column }` 不是金额列
err-import-unit-unknown = --unit { $column }={ $unit }：单位只能是 元、万元 或 亿元（也可写作 yuan、wan、yi）
err-import-unit-no-such-column = --unit { $column }=…：`{ $table }` 表没有 `{ $column }` 列
err-import-map-no-such-column = --map { $from }={ $to }：`{ $table }` 表没有 `{ $to }` 列
err-import-map-not-in-file = --map { $from }={ $to }：{ $file } 中没有 `{ $from }` 列
# $columns 是该表的各列。
err-import-column-not-in-table = { $file }：`{ $column }` 不是 `{ $table }` 表的列；请用 --map '{ $column }=COLUMN' 把它对应到表中的某一列（该表的列：{ $columns }）
err-import-nothing-imported = { $file }：未导入任何内容

## 导入：各行的问题，每个问题一行

# 行在文件中的位置：$n 是它在文件中的序号。
err-import-at-line = 第 { $n } 行
err-import-at-row = 第 { $n } 行
err-import-at-record = 第 { $n } 条记录
# $at 为上面三者之一；$message 为下面各规则的说明之一。
err-import-problem = { $file }：{ $at }：`{ $column }` 列：`{ $value }` { $message }
err-import-problem-no-value = { $file }：{ $at }：`{ $column }` 列：{ $message }
# $other 是键值相同、最先出现的那一行（err-import-at-* 之一）。
err-import-problem-other-row = { $file }：{ $at }：`{ $column }` 列：`{ $value }` { $message }（首次出现在{ $other }）
err-import-problem-no-value-other-row = { $file }：{ $at }：`{ $column }` 列：{ $message }（首次出现在{ $other }）
err-import-more-problems = ……另有 { $count } 个问题未列出
err-import-problems-in-all = { $file }：共 { $count } 个问题，未向 { $root } 导入任何内容

## 导入：规则认为某个值有什么问题（接在该值之后）

# $kind 为 err-import-kind-* 之一。
err-import-not-kind = 不是{ $kind }
err-import-not-kind-after-unit = 按单位换算后不是{ $kind }
err-import-kind-text = 文本（VARCHAR）
err-import-kind-integer = 整数
err-import-kind-money = 以元为单位的精确金额（DECIMAL 或整数）
err-import-kind-exact = 精确数值（DECIMAL 或整数）
err-import-kind-boolean = 布尔值（BOOLEAN）
err-import-kind-date = 日期（DATE）
# $least 是湖仓接受的最小金额（10000 元）。
err-import-money-under-wan = 不足 1 万元（{ $least } 元）：是否按万元或亿元填写的？请用 --unit { $column }=万元（或 亿元）换算成元
err-import-required = 没有值，该列为必填项
# $allowed：该列允许的取值，以“ / ”分隔。
err-import-not-allowed = 不是允许的取值（{ $allowed }）
err-import-unknown-reference = 在湖仓的 `{ $table }.{ $column }` 中找不到
err-import-real-row-needs-source = 真实记录必须填写 source_id 和 source_quote（为补足公布总数而生成的记录，请用 --synthetic 或 is_synthetic 列导入）
err-import-source-not-registered = 在湖仓的 _sources 文件夹中没有原文；请先用 `qlake lake add-source` 登记该来源文件
# 引文的前 $n 个字符在原文中找得到；之后原文为 $text，而引文为 $quote。
err-import-quote-not-verbatim-closest = 在来源原文中找不到逐字相同的文字：原文与引文的前 { $n } 个字符相同，之后原文是 `{ $text }`，引文却是 `{ $quote }`
err-import-quote-not-verbatim-nowhere = 在来源原文中找不到逐字相同的文字，原文中也没有哪一段的开头与引文相同
err-import-quote-other-script = 与来源原文只有简繁体之别（如 连 / 連）：请照原文的写法引用
err-import-quote-other-blanks = 与来源原文只在空白或标点上有差别（如 ，与 , ；空格、换行）：请照原文的写法引用
err-import-quote-too-short = 不足 { $least } 个字符，不足以说明这一行的出处（请引用完整的句子；如确需导入过短的引文，请加上 --short-quotes '理由'，理由会记录在案）
err-import-figure-not-quoted = 不是该行引文（source_quote）中写出的数字（阿拉伯数字、带万/亿的数字或中文数字均可）：请引用给出这个数字的句子（如仍要导入，请加上 --unquoted-figures '理由'，理由会记录在案）
# $rule 是湖仓规则对这一行的说明。
err-import-lake-rule = { $rule }：这是湖仓规则（如仍要导入，请加上 --allow-unreconciled '理由'，理由会记录在案）
# 其后注明键值相同、最先出现的那一行。
err-import-repeats-key = 键值重复
err-import-key-in-lake = 已在湖仓中存在
# DuckDB 出错时正在做的事，放在其报错之前。
err-import-checking-rows = 检查 `{ $table }` 表的各行

## 导入：湖仓整体（其后逐行列出问题）

err-import-lake-rules-fail = { $file }：加入这些行后湖仓规则不再成立，因此未导入任何内容（如仍要导入，请加上 --allow-unreconciled '理由'，理由会记入导入日志）：
err-import-checks-disagree = { $file }：按写入结果检查与按读取结果检查的结论不一致，因此未导入任何内容；请连同该文件一起报告这个问题
err-import-lake-rules-check-failed = 检查湖仓规则失败
err-import-lake-rules-check-error = 检查湖仓规则时出错：{ $error }
err-import-hashing-failed = 计算文件的哈希值失败

## 撤销（`lake undo`）

# $emptied：撤销后将变为空表的表，带反引号。
err-undo-would-empty = `{ $table }` 表引用了 `{ $emptied }`，撤销后被引用的表将为空
err-undo-would-leave-dangling = { $root }：撤销导入 { $id } 后，湖仓中会留下引用该次导入所带来行的记录，因此未删除任何内容（如仍要撤销，请加上 --force）：

# 参数类型在表单和 `query show` 中的说法。
kind-text = 文本
kind-search = 查找文字
kind-integer = 整数
kind-decimal = 小数
kind-boolean = 是/否
kind-date = 日期（YYYY-MM-DD）
kind-choice = 选项：{ $values }
kind-choice-of = 取值见 { $column }
