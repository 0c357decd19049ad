/**
 * The words of the Chinese demo conversations (`voc demo --lang zh`), written for voc's demo in the
 * way customers and agents of a mainland contact centre write and speak: the same slots and the same
 * groups as templates.ts, so the generator's known effects (warm agents answer distress with empathy,
 * cold ones with policy) hold in Chinese too. A quarter of the customers write traditional characters
 * (generate.ts converts their contacts).
 */
import type { Reason } from './model.ts';

export const ITEMS = ['破壁机', '电脑包', '手机壳', '咖啡机', '路由器', '台灯', '蓝牙耳机', '电水壶'];

export const OPENINGS: Record<Reason, string[]> = {
  billing: [
    '你好，我上个月的账单被重复扣了{amount}，我只下了一单。',
    '您好，我的账单里有一笔{amount}的费用，我不知道是什么。',
    '你好，这个月的月费突然多了{amount}，也没有人通知我。',
  ],
  refund: [
    '你好，{item}我{days}天前就退回去了，退款到现在还没收到。',
    '您好，说好给我退{amount}，{item}的退款一直没到账。',
    '你好，我要申请{item}的退款，用了一个星期就坏了。',
  ],
  delivery: [
    '你好，我的订单{ref}{days}天前就应该到了，到现在还没收到。',
    '您好，我买的{item}物流信息{days}天都没更新了。',
    '你好，快递显示{item}已经签收了，可是我根本没拿到。',
  ],
  account_access: [
    '你好，我登录不了账号，重置密码的邮件一直收不到。',
    '您好，我的账号被锁了，今天必须登录上去。',
    '你好，APP一直提示账号密码错误，重置了也不行。',
  ],
  technical_problem: [
    '你好，我的{item}每隔几分钟就断开连接。',
    '您好，{item}昨天更新以后就开不了机了。',
    '你好，我一打开订单页面APP就闪退。',
  ],
  cancellation: [
    '你好，我想退订这个套餐，现在对我来说太贵了。',
    '您好，我想注销账号，把套餐也取消掉。',
    '你好，麻烦帮我取消会员，我已经不用了。',
  ],
};

export const FRUSTRATION = [
  '我真的很着急，为了这件事我已经折腾了好几个小时。',
  '说实话这太离谱了，根本没人管。',
  '我真的很生气，这是给我女儿过生日用的。',
  '这让我压力很大，{amount}对我来说不是小数目。',
  '我受够了被你们转来转去。',
  '我非常失望，我已经是你们好几年的老客户了。',
  '这是我遇到过最差的服务，我真的很不满意。',
  '我担心下个月还会这样。',
];

export const REPEAT = [
  '我上周已经打过电话了，到现在还没解决。',
  '这已经是我第二次为同一个问题联系你们了。',
  '我前几天已经跟你们另一个客服说过一遍了。',
];

export const CUSTOMER_DETAILS = [
  '好的，我的订单号是{ref}。',
  '是的，账号是我本人的。',
  '大概是{days}天前。',
  '我是用银行卡付的。',
  '对，地址是对的。',
  '没有，这个我还没试过。',
];

export const CUSTOMER_WAIT = ['我排队等了好久才有人接。', '打了半天才打通。'];

export const CUSTOMER_CLOSE_RESOLVED = ['太感谢了，帮了我大忙。', '好的，谢谢你这么快就处理好了。', '非常好，今天真的很感谢你的帮助。', '好的，谢谢，问题解决了。'];

export const CUSTOMER_CLOSE_UNRESOLVED = ['所以还是什么都没解决，太没用了。', '行吧，不过我对这个结果很不满意。', '我还是没有得到答复，真是浪费时间。', '好吧，我等，但是希望你们给我回个电话。'];

export const AGENT_GREETING = ['您好，感谢您的来电，我是{agent}，请问有什么可以帮您？', '上午好，我是客服{agent}，请问今天有什么可以帮您的？', '您好，我是{agent}，很高兴为您服务。'];

export const AGENT_EMPATHY = [
  '非常抱歉听到这个情况，这一定让您很烦恼。',
  '我完全理解您的心情，这件事确实让人着急。',
  '很抱歉让您遇到这样的事，我能理解您为什么生气。',
  '这确实让人很闹心，谢谢您的耐心。',
  '我理解，换作是我也会有同样的感受。',
];

export const AGENT_OWNERSHIP = ['我现在马上帮您处理。', '我这就帮您查一下。', '我一定确保今天帮您解决。', '我会亲自跟进，明天给您回电话。'];

export const AGENT_PROCEDURE = ['请您提供一下订单号。', '请问账号绑定的邮箱是多少？', '我查一下系统。', '我这边看到这个订单了。', '请问账号上的收货地址是哪里？', '好的，请稍等。'];

export const AGENT_DISMISSIVE = ['这是公司的规定。', '这个我们也没办法。', '大家都一样要等。', '这不归我们部门管。', '我刚才已经说过了，系统不允许。'];

export const AGENT_HOLD = ['我需要帮您查一下，请您稍等一会儿，先不要挂机。', '我先帮您保留一下通话可以吗？'];
export const AGENT_TRANSFER = ['我现在帮您转接到相关部门。', '这个问题需要转给另一个部门处理。'];

export const AGENT_RESOLVE: Record<Reason, string[]> = {
  billing: ['重复扣的{amount}已经帮您撤销了，下期账单会显示。', '账单已经帮您更正，{amount}已经退回到您的账户。'],
  refund: ['{amount}的退款已经帮您办理了，三到五个工作日会退回到您的卡上。', '退款已经处理好了。'],
  delivery: ['已经帮您安排补发一个{item}，明天就能送到。', '已经帮您重新预约了明天上午配送。'],
  account_access: ['账号已经帮您解锁，新的重置链接也发给您了。', '您的账号已经解锁，现在可以登录了。'],
  technical_problem: ['已经帮您远程重置了设备，现在应该可以用了。', '修复已经推送到您的账号，请您再试一下。'],
  cancellation: ['套餐已经帮您退订了，稍后您会收到确认邮件。', '您的套餐从今天起已经取消。'],
};

export const AGENT_UNRESOLVED = ['我已经帮您提交了工单，会有同事联系您。', '这个今天解决不了，您晚点再试试吧。', '我已经帮您升级处理了，最多需要十个工作日。'];

export const AGENT_CLOSE = ['请问还有其他可以帮您的吗？', '感谢您的来电，祝您生活愉快。', '今天辛苦您了，感谢您的耐心。'];

export const EMAIL_SIGNATURES = ['\n\n--\n小王\n发自我的手机', '\n\n此致\n李明', '\n\n谢谢\n张女士'];
export const AGENT_SIGNATURE = '\n\n祝好\n{agent}\n客户服务部';

export const REVIEW_HAPPY = ['服务很好，{item}很快就到了，用着也很好。', '客服特别耐心，一个电话就帮我解决了问题。', '下单很方便，需要退款的时候也很快，推荐。', '东西不错，客服态度也很好。'];
export const REVIEW_UNHAPPY = ['体验太差了，{item}一直没到，也没人管。', '电话等了半天，退款还是没到，别买。', 'APP老是闪退，客服只会复制粘贴。', '被扣了两次钱，打了三次电话才退回来。'];

export const SURVEY_HAPPY = ['客服很亲切，很快就解决了。', '热情又专业，谢谢。', '回复很快，解释得很清楚。'];
export const SURVEY_UNHAPPY = ['太慢了，客服好像根本不在乎。', '同样的问题我说了两遍。', '到现在还没修好，很失望。'];
export const SURVEY_NEUTRAL = ['还行吧。', '一般，没什么特别的。', '最后总算有了答复。'];

export const AGENT_NAMES = ['小李', '小王', '小张', '小刘', '小陈', '小杨', '小赵', '小黄', '小周', '小吴', '小徐', '小孙'];

/** The short reply of a customer who is transferred calmly. */
export const OKAY = '好的。';
/** What joins the sentences of one turn. */
export const JOIN = '';
/** E-mail openings and the quote line of a reply ({when} is the date). */
export const EMAIL_CUSTOMER_HELLO = '您好：\n\n';
export const EMAIL_AGENT_HELLO = '您好：\n\n';
export const EMAIL_QUOTE = '{when}，客户写道：';
/** An amount of money in the demo's currency. */
export const money = (whole: number, cents: number) => `${whole}.${String(cents).padStart(2, '0')}元`;
/** An order reference. */
export const orderRef = (n: number) => `DD${n}`;
/** How long a line takes to say, in words (Chinese: about two characters a word). */
export const spokenWords = (text: string) => Math.max(1, Math.round(text.replace(/\s+/g, '').length / 2));
/** The speaker labels of a transcript in one text column (lexicons/zh/speakers.json reads them back). */
export const SPEAKER_LABELS = { agent: '客服', customer: '客户', colon: '：' };
