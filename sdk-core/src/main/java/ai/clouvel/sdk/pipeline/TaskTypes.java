package ai.clouvel.sdk.pipeline;

/**
 * The task types the pipeline handles, with their default priorities (higher runs first). Hosts
 * register their own types with {@link Pipeline.Builder#handler}.
 */
public final class TaskTypes {
  /** A paid commission: a community and the sponsor's message. Payload {@link SponsoredPost}. */
  public static final String SPONSORED_POST = "SPONSORED_POST";
  /** A community reached a fundraising tier. Payload {@link SubredditTierPost}. */
  public static final String SUBREDDIT_TIER_POST = "SUBREDDIT_TIER_POST";
  /** Re-post an earlier run's product to another publisher or community. Payload {@link CrossPost}. */
  public static final String CROSS_POST = "CROSS_POST";
  /** Discovery when nothing paid is queued. Payload {@link FrontPick}. */
  public static final String FRONT_PICK = "FRONT_PICK";
  /** An earlier run's post, scheduled for a later slot. Payload {@link ScheduledPublish}. */
  public static final String PUBLISH = "PUBLISH";

  /** Priority of {@link #SPONSORED_POST}: the highest, paid work jumps ahead. */
  public static final int SPONSORED_PRIORITY = 100;
  /** Priority of {@link #PUBLISH}: a post whose slot has come. */
  public static final int PUBLISH_PRIORITY = 60;
  /** Priority of {@link #SUBREDDIT_TIER_POST}. */
  public static final int TIER_PRIORITY = 50;
  /** Priority of {@link #CROSS_POST}. */
  public static final int CROSS_POST_PRIORITY = 20;
  /** Priority of {@link #FRONT_PICK}: the lowest. */
  public static final int FRONT_PICK_PRIORITY = 0;

  private TaskTypes() {}
}
