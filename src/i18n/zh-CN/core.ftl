# errors.ftl 之外核心代码要说的话：`lake import` 无法读取的文件、湖仓的锁与 `lake undo`、`lake check` 发现的问题和提示，
# 以及 `qlake --version` 列出的保护措施。英文版的许多句子有测试逐字比对；中文版可以按中文习惯自由组织语序。

## 导入：待导入的文件

# $file 是用户给出的文件。
core-import-unknown-format = { $file }：无法导入 `.{ $ext }` 文件；请提供 .csv、.tsv、.xlsx、.json、.jsonl 或 .parquet 文件
core-import-encoding-only-text = --encoding { $label }：只有文本文件（CSV、TSV、JSON、JSONL）才需要指定编码
core-import-not-an-encoding = --encoding { $label }：不是可识别的编码（可用 utf-8、gbk、gb18030、big5、utf-16le 等）
core-import-not-in-encoding = { $file }：不是 { $encoding } 编码的文本（含有该编码中不存在的字节）
core-import-not-utf8 = { $file }：不是 UTF-8 编码的文本。在中文系统上用 Excel 保存的文件通常是 GBK 编码：请加上 --encoding gbk（或在 Excel 中另存为“CSV UTF-8（逗号分隔）”格式）
core-import-no-duckdb-name = { $file }：无法在 DuckDB 中指明已打开的文件
core-import-sniffer-no-names = { $file }：DuckDB 在识别 CSV 格式时没有得到任何列名
# $reason 是 DuckDB 自己的报错。
core-import-unreadable = { $file }：无法读取：{ $reason }
core-import-too-many-columns = { $file }：共有 { $count } 列，而 qlake 只导入不超过 { $most } 列的文件，因此未导入任何内容
# 重复的列名为空（表头中有多个单元格没有列名）时，$blank 为 yes。
core-import-repeated-column = { $blank ->
        [yes] { $file }：表头中有不止一列没有列名，因此未导入任何内容
       *[other] { $file }：表头中的列名 `{ $column }` 出现了不止一次，因此未导入任何内容
    }
core-import-no-columns = { $file }：没有任何列，因此未导入任何内容
# $at 是出错的位置（整个文件，或 err-import-at-* 之一）；$error 是 JSON 解析器自己的报错。
core-import-not-json = { $file }：{ $at }：不是有效的 JSON：{ $error }
core-import-json-whole-file = 整个文件
core-import-json-array-expected = 应为由对象组成的数组
core-import-json-object-expected = 应为对象

## 文件的用途，用在下面的句子中（$what）

core-what-csv = 待导入的 CSV 文件
core-what-tsv = 待导入的 TSV 文件
core-what-parquet = 待导入的 Parquet 文件
core-what-json = 待导入的 JSON 文件
core-what-jsonl = 待导入的 JSONL 文件
core-what-workbook = 待导入的工作簿
core-what-document = 待登记的来源文件
core-what-lake-texts = 已登记来源文件的原文（湖仓中全部原文合计）
core-what-import-log = 湖仓的导入日志

## 不是普通文件，或文件过大

# $kind 为 core-file-kind-* 之一。
core-file-not-regular = { $file }：这是{ $kind }，而{ $what }必须是普通文件，因此未读取任何内容
core-file-kind-fifo = 命名管道（FIFO）
core-file-kind-char-device = 字符设备
core-file-kind-block-device = 块设备
core-file-kind-socket = 套接字（socket）
core-file-kind-folder = 文件夹
core-file-kind-other = 特殊文件，不是普通文件
# $size 和 $limit 以字节计，并各附一个便于阅读的写法；$raise 为 core-file-raise-limit、core-file-give-limit 或空。
core-file-too-large = { $file }：文件大小为 { $size } 字节（{ $size_human }），超过了{ $what }的大小上限 { $limit } 字节（{ $limit_human }），未读取任何内容{ $raise }
# $var 是设定上限的环境变量；$suggested 是够用的大小。
core-file-raise-limit = 。如需读取更大的文件，请调高 { $var }=SIZE（例如 { $var }={ $suggested }）
core-file-give-limit = 。如需读取更大的文件，请设置 { $var }=SIZE（例如 { $var }={ $suggested }）
# $value 是所设的值，带双引号。
core-file-not-a-size = { $var }={ $value }：不是有效的大小（例如 2GiB、512MiB、1000000）

## 导入：工作簿（XLSX）

# $why 是读取程序自己的报错。
core-xlsx-malformed = { $file }：无法读取：工作簿格式有误（读取程序出错：{ $why }）
core-xlsx-no-such-sheet = { $file }：没有名为 `{ $sheet }` 的工作表（现有工作表：{ $sheets }）
core-xlsx-no-sheet = { $file }：工作簿中没有任何工作表
core-xlsx-sheet-empty = { $file }：工作表 `{ $sheet }` 是空的
# $value 是单元格的内容（前 40 个字符）；$row 是表头所在的行号。
core-xlsx-cell-without-header = { $file }：工作表 `{ $sheet }`：单元格 { $cell } 中有内容 `{ $value }`，但它所在的列在表头（第 { $row } 行）中没有列名
# $bounds 为 core-xlsx-bounds。
core-xlsx-cell-beyond = { $file }：工作表 `{ $sheet }`：单元格 { $cell } 超出了 qlake 的导入范围（{ $bounds }），因此未导入任何内容
core-xlsx-bounds = 最多 { $rows } 行、{ $columns } 列、{ $cells } 个单元格
core-xlsx-dimension-backwards = { $file }：工作表 `{ $sheet }` 声明的范围 { $start }:{ $end } 终点在起点之前，工作簿格式有误
core-xlsx-dimension-too-large = { $file }：工作表 `{ $sheet }` 声明的单元格范围为 { $start }:{ $end }（{ $rows } 行 × { $columns } 列 = { $cells } 个单元格），而 qlake 只导入{ $bounds }的工作表，因此未读取任何内容
# $error 是 zip 读取程序自己的报错。
core-xlsx-not-a-workbook = { $file }：无法作为工作簿读取：{ $error }
core-xlsx-part-too-large = { $file }：其中的部件 `{ $part }` 解压后为 { $bytes } 字节，而 qlake 读取的工作簿部件最多 { $limit } 字节（{ $limit_human }），因此未读取任何内容

## 导入日志与湖仓的锁

core-lock-busy = { $root }：此湖仓上正有另一个导入或撤销操作在进行；请等它结束后再试
# 接在日志文件的路径之后。
core-log-symlink = 是符号链接；导入日志必须是湖仓中的文件
core-log-not-regular = 不是普通文件；导入日志必须是普通文件
core-log-not-utf8 = 不是 UTF-8 编码的文本
core-log-bad-line = 第 { $n } 行：不是有效的导入记录：{ $error }

## 撤销（`lake undo`）

# $ids：导入日志中现有的各次导入。
core-undo-no-such-import = { $root }：没有编号为 `{ $id }` 的导入（现有导入：{ $ids }）
core-undo-no-such-import-none = { $root }：没有编号为 `{ $id }` 的导入（湖仓中还没有任何导入）
# $why 为 core-undo-why-* 之一，说的是该文件。
core-undo-refused = 导入 { $id }：`{ $file }` { $why }；撤销只删除该次导入写入的文件，因此未删除任何内容
core-undo-why-not-importable = 不是导入会写入的文件（导入只在其表文件夹中写入 `{ $table }/import-ID.parquet`，ID 为该次导入自己的编号）
# $sources 是存放已登记来源文件原文的文件夹（_sources）。
core-undo-why-not-importable-or-source = 不是导入会写入的文件（导入只在其表文件夹中写入 `{ $table }/import-ID.parquet`，ID 为该次导入自己的编号；或写入 `{ $sources }/ID.txt`）
core-undo-why-not-an-import-file = 不是导入会写入的文件
core-undo-why-not-in-lake = 不在湖仓中
core-undo-why-folder-not-a-folder = 所在的 `{ $folder }` 是符号链接或不是文件夹
core-undo-why-cannot-look = 无法查看：{ $error }
core-undo-why-symlink = 是符号链接
core-undo-why-not-regular = 不是普通文件
core-undo-why-size-changed = 现为 { $size } 字节，而该次导入写入的是 { $bytes } 字节（此后已被修改或替换）
core-undo-why-cannot-read = 无法读取：{ $error }
core-undo-why-changed-while-checked = 在检查期间被改动了
core-undo-why-hash-changed = 的 SHA-256 与该次导入记录的不符（此后已被修改或替换）
core-undo-why-unrecorded = 在导入日志中没有大小和 SHA-256 记录（这是旧版 qlake 记录的导入），qlake 无法确认它就是该次导入写入的文件；请先查看该文件，如仍要删除，请加上 --force
core-undo-replaced = { $path }：撤销过程中该文件被替换了，已原样保留

## `lake check`：每个问题一行

# $tag 为 core-check-error 或 core-check-note；$location 是文件或表文件夹。
core-check-line = { $tag }：{ $location }：{ $message }
core-check-line-column = { $tag }：{ $location }：`{ $column }` 列：{ $message }
core-check-error = 错误
core-check-note = 提示

## `lake check`：文件与表

core-check-empty-folder = 文件夹中没有 Parquet 文件
# 表文件夹中未读取的路径。
core-check-skipped-leads-outside = 指向湖仓以外的符号链接；未读取
core-check-skipped-not-a-lake-file = 指向湖仓文件夹中某个文件的符号链接，但该文件不是湖仓的 Parquet 文件；未读取
core-check-skipped-linked-folder = 以符号链接指向的文件夹（qlake 从不跟随这类链接，以免陷入循环）；未读取
core-check-skipped-special-file = 不是普通文件（而是 FIFO、套接字或设备）；未读取
core-check-missing-table = 缺少 `{ $table }` 表：没有这个文件夹
core-check-table-not-in-contract = 该表不在数据规范中（已保留，可以读取）
# 共 $count 个行组，其中有取值范围相互重叠的。
core-check-overlapping-row-groups = 共 { $count } 个行组，其 { $column } 取值范围有重叠：数据量大时，按 { $column } 下钻会读取整个文件；请按 { $column } 排序后写入（见 docs/schema.md）
# $error 是 DuckDB 自己的报错。
core-check-unreadable-parquet = 无法读取的 Parquet 文件：{ $error }
# $kind 为 err-import-kind-* 之一。
core-check-missing-column = 缺少该列（应为{ $kind }）
core-check-wrong-type = 类型为 { $actual }，应为{ $kind }
core-check-extra-column = 数据规范中没有这一列（已保留，qlake 不使用）
# $diff 列出各处差异（core-check-diff-*），以 err-list-separator 分隔。
core-check-schema-differs = 与同一表中的 { $first } 结构不一致：{ $diff }
core-check-diff-no-column = 没有 `{ $name }` 列
core-check-diff-other-type = `{ $name }` 列的类型是 { $actual }，而不是 { $expected }
core-check-diff-extra-column = 多出 `{ $name }` 列
core-check-diff-order = 列的顺序不同

## `lake check`：各行

core-check-not-one-table = 无法作为一张表读取：{ $error }
# $file 是列出本湖仓不使用的表的文件。
core-check-empty-unused = 表是空的：本湖仓不使用该表（见 { $file }）
core-check-empty-allowed = 表是空的（数据规范允许为空）
core-check-empty = 表是空的
core-check-nulls = 有 { $count } 行没有值，该列为必填项
# $allowed：该列允许的取值，以“ / ”分隔；$example 是发现的一个取值，带双引号。
core-check-outside-allowed = 有 { $count } 行的取值不在 { $allowed } 之内（例如 { $example }）
core-check-unsourced = 有 { $count } 行真实记录（is_synthetic 不为 true）缺少 source_id 或 source_quote
core-check-duplicate-keys = 有 { $count } 个键值重复出现（例如 { $example }）
# 英文版中的“the lake does not have”是 `lake undo` 查找的字样：两处须一起修改。
core-check-dangling = 有 { $count } 行引用的 `{ $table }.{ $column }` 在湖仓中不存在（例如 { $example }）

## `lake check`：跨行的规则

# $shown：列出的前几项，以 err-list-separator 分隔；$more：未列出的项数。
core-rule-and-more = { $shown } 等，另有 { $more } 项
# $class 是该类资金应属的类别（公共资金、信贷等）；$said 是该行 class 列所写的值。
core-rule-funding-class = { $id }：`{ $kind }` 应属于{ $class }，但其 class 列写的是 `{ $said }`
core-rule-part-of-missing = { $id } 是 `{ $total }` 的组成部分，但 `funding` 表中没有 `{ $total }`
core-rule-part-of-a-part = { $id } 是 `{ $total }` 的组成部分，而 `{ $total }` 本身也是组成部分：请改为填写最上层的总额
core-rule-part-of-other-province = { $id } 是 `{ $total }` 的组成部分，但 `{ $total }` 是另一个省份的总额
core-rule-part-larger = { $id } 的金额大于它所属的总额 `{ $total }`
core-rule-beside-total = { $id } 是 { $program } 在 { $year } 年的公共资金，而该年已有总支出 { $total }：它的 `part_of` 应为 { $total }（否则两者会被重复计算）
# $scope 是这些总额的范围（年度总额、累计总额）；$ids 是各行。
core-rule-two-totals = { $program } 在 { $year } 年有两条或以上 `{ $kind }` 类的{ $scope }（{ $ids }）：其中一条必须是另一条的组成部分（`part_of`），否则会被相加
core-rule-figure-not-quoted = { $table } 表 `{ $key }`：{ $column } 的值 { $value } 不是其引文（source_quote）中写出的数字（阿拉伯数字、带万/亿的数字或中文数字均可）：“{ $quote }”
# $tier 为 万、千 或 百；$allowed 是该层级允许的规模；$examples 是其中几家企业。
core-rule-tier-misfit = 有 { $count } 家企业属于“{ $tier }”层级，规模却是 `{ $size }`；该层级只允许 { $allowed }（例如 { $examples }）
# 接在公布数字的指标（和年份）之后：该数字所属的城市。
core-rule-figure-city = （城市 { $city }）
# $figure 是带反引号的指标，及其年份和城市。
core-rule-reconciliation-broken = { $id }：湖仓中的{ $measure }为 { $in_lake }（真实 { $real }，合成 { $synthetic }），而来源公布的是 { $published }（{ $figure }，{ $qualifier }），规则为 `{ $rule }`
core-rule-published-missing = { $id }：`indicators` 表中没有公布数字 { $figure }
core-rule-headlines = { $province } 的{ $measure }有 { $count } 个头条数字（{ $ids }）：概览只显示一个

## `qlake --version` 和 `lake info` 列出的保护措施（接在“保护措施：”之后）

-core-protections = 只读闸门（DuckDB 解析器）· DuckDB allowed_paths · 内核沙箱：
# $lines：每组命令一行（core-protections-line），各自另起一行。
core-protections-confined = { -core-protections }Landlock ABI { $abi }；每条命令只能写入它需要写入的位置：{ $lines }
core-protections-line = { $commands }：{ $what }
core-protections-unavailable = { -core-protections }不可用（此内核不支持 Landlock）
core-protections-unavailable-here = { -core-protections }此系统不支持
core-protections-not-applied = { -core-protections }未能启用（{ $error }）
core-protections-not-applied-at = { -core-protections }未能启用（{ $path }：{ $error }）
# $what 为 core-protections-writes。
core-protections-active = { -core-protections }Landlock ABI { $abi } 已对 { $command } 生效：{ $what }
core-protections-partly = { -core-protections }Landlock 部分生效（内核 ABI { $abi } 较旧）：湖仓文件不可写入
core-protections-not-enforced = { -core-protections }此内核未强制执行
# $parts：允许写入的位置（core-protections-own-folders、某个文件夹等），以 err-list-separator 分隔。
core-protections-writes = 只写入{ $parts }；除此以外，湖仓 { $lakes } 均不可写入
core-protections-own-folders = qlake 自己的文件夹
core-protections-through-helper = { $folder }（其中有湖仓，须经由链接助手写入）
core-protections-exports-outside = 湖仓以外的导出位置
# $what 为 core-protections-grant-* 之一。
core-protections-grant-in = { $path } 中的{ $what }
core-protections-grant-anything = 任意写入
core-protections-grant-new-files = 新建文件
core-protections-grant-new-files-and-removals = 新建和删除文件
core-protections-grant-appending = 追加写入
# 各组命令可以写入的位置。
core-confine-read = qlake 自己的文件夹，以及 -o 所指文件所在的文件夹
core-confine-tui = qlake 自己的文件夹，以及湖仓以外任何导出位置（导出到湖仓的上级文件夹时只能经由链接助手）
core-confine-check = qlake 自己的文件夹
core-confine-change = 所修改的湖仓（可写入其中哪些文件由 qlake 自行检查），不涉及其他湖仓
core-confine-make = 存放新湖仓的文件夹（其中已有其他湖仓时拒绝执行）
core-confine-bench = 它的工作文件夹和导出文件夹，以及湖仓以外的任何位置（供它启动的对等进程使用）
